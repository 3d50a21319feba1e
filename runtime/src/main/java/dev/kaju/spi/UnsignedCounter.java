package dev.kaju.spi;

/**
 * A {@code Long} read back from plain digits while a {@code secret} is set. Counters made by
 * {@code incr} are stored as digits so the backend can add to them (Redis {@code INCRBY}), and so
 * they carry no signature: anyone who can write to the store could have planted them.
 *
 * <p>A {@link ValueCodec} with a secret decodes unsigned digits to this type (without a secret,
 * nothing is verified and digits decode to a plain {@code Long}). The {@code Cache} facade hands
 * callers of {@code get}, {@code getMany} and {@code getMatch} its {@link #value()}, because a
 * counter is what they asked for; generated methods never accept it: under their keys it is a miss,
 * since every value they store is signed.
 *
 * @param value the digits' value
 */
public record UnsignedCounter(long value) {}
