package dev.kaju.internal.chronicle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the backend logs on the {@code dev.kaju} logger (System.Logger goes to java.util.logging). */
final class LogCapture extends Handler implements AutoCloseable {
  private static final Logger LOGGER = Logger.getLogger("dev.kaju");
  final List<String> messages = new CopyOnWriteArrayList<>();

  LogCapture() {
    LOGGER.addHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    messages.add(record.getMessage());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    LOGGER.removeHandler(this);
  }
}
