package dev.kaju.internal.codec;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/** A gadget stand-in: deserializing it flips {@link #ran}, which must never happen when refused. */
final class Evil implements Serializable {
  private static final long serialVersionUID = 1L;

  static volatile boolean ran;

  final String command;

  Evil(String command) {
    this.command = command;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    ran = true;
  }
}
