package dev.kaju.internal.redis;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/** A stand-in for a deserialization gadget: reading it flips {@link #ran}, which a refused read never does. */
final class Gadget implements Serializable {
  private static final long serialVersionUID = 1L;

  static volatile boolean ran;

  final String command;

  Gadget(String command) {
    this.command = command;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    ran = true;
  }
}
