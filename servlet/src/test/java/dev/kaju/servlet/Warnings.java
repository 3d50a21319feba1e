package dev.kaju.servlet;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The warnings logged to {@code dev.kaju.servlet} while open: on the class path, {@code
 * System.getLogger} writes to java.util.logging.
 */
final class Warnings extends Handler implements AutoCloseable {
  private static final Logger LOGGER = Logger.getLogger("dev.kaju.servlet"); // held: JUL keeps loggers weakly
  private final List<String> messages = new CopyOnWriteArrayList<>();

  Warnings() {
    LOGGER.addHandler(this);
  }

  List<String> messages() {
    return List.copyOf(messages);
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      messages.add(record.getMessage());
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    LOGGER.removeHandler(this);
  }
}
