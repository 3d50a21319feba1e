package dev.kaju.support;

import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@code System.Logger} that keeps what a step logs (given to a builder's package-private {@code logger}). */
final class LogCapture implements System.Logger {
  final List<String> messages = new CopyOnWriteArrayList<>();

  @Override
  public String getName() {
    return "dev.kaju";
  }

  @Override
  public boolean isLoggable(Level level) {
    return true;
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    messages.add(msg);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    messages.add(format);
  }
}
