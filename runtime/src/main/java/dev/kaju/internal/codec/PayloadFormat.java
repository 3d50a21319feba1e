package dev.kaju.internal.codec;

/**
 * One way to turn values into a payload ({@code serializer=binary|json|java}). Every payload
 * starts with the format's marker byte, one of {@code 0xF5..0xF7}: bytes that never occur in
 * UTF-8 text, so a payload never looks like digits, {@code bytes:} or a signature prefix. A
 * compressed payload ({@code compress=zlib|gzip}, see {@link Compression}) starts with {@code
 * 0xFA} or {@code 0xFB} instead, followed by the compressed form of a payload that starts with its
 * own marker (or {@code bytes:}). Markers are never renumbered: stored values outlive versions.
 */
interface PayloadFormat {
  /** The marker of {@link BinaryFormat} version 1. */
  byte BINARY = (byte) 0xF5;
  /** The marker of {@code JsonFormat} version 1: Jackson's JSON follows. */
  byte JSON = (byte) 0xF6;
  /** The marker of {@link JavaFormat} version 1: a Java serialization stream follows. */
  byte JAVA = (byte) 0xF7;
  /** A zlib stream (RFC 1950) of a payload follows ({@code compress=zlib}). */
  byte ZLIB = (byte) 0xFA;
  /** A gzip member (RFC 1952) of a payload follows ({@code compress=gzip}). */
  byte GZIP = (byte) 0xFB;

  /** The first byte of every payload of this format. */
  byte marker();

  /** The option value naming this format: {@code binary}, {@code json} or {@code java}. */
  String name();

  /**
   * The payload for {@code value}, marker included. {@code value} is never {@code null}, a {@code
   * Long}, a {@code byte[]} or the null marker: the codec stores those itself.
   *
   * @throws IllegalArgumentException naming the value's type when this format cannot encode it
   */
  byte[] encode(Object value);

  /**
   * The value whose payload is {@code bytes[start - 1 ..]} ({@code start} is just past the
   * marker, the payload runs to the end of the array).
   *
   * @throws Exception any failure, which makes the read a miss; {@link BadValueException} says why
   */
  Object decode(byte[] bytes, int start) throws Exception;
}
