package dev.kaju.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BitArrayTest {

  /** Increments a fresh copy of {@code bits} and returns the result as text of the same length. */
  private static String incr(String bits, long index, int size, long by) {
    BitArray a = BitArray.fromBinaryString(bits);
    a.incr(index, size, by);
    return a.toBinaryString(bits.length());
  }

  @Test
  @DisplayName("util-01: index 0 is the least-significant bit")
  void getSize1() {
    BitArray a = BitArray.fromBinaryString("100010");
    assertThat(a.get(0, 1)).isZero();
    assertThat(a.get(1, 1)).isEqualTo(1);
    assertThat(a.get(2, 1)).isZero();
    assertThat(a.get(3, 1)).isZero();
    assertThat(a.get(4, 1)).isZero();
    assertThat(a.get(5, 1)).isEqualTo(1);
    assertThat(a.get(6, 1)).isZero();
    assertThat(a.get(7, 1)).isZero();
  }

  @Test
  @DisplayName("util-02: 2-bit slots")
  void getSize2() {
    BitArray a = BitArray.fromBinaryString("1000010");
    assertThat(a.get(0, 2)).isEqualTo(2);
    assertThat(a.get(3, 2)).isEqualTo(1);

    BitArray b = BitArray.fromBinaryString("100010");
    assertThat(b.get(0, 2)).isEqualTo(2);
    assertThat(b.get(1, 2)).isZero();
    assertThat(b.get(2, 2)).isEqualTo(2);
    assertThat(b.get(3, 2)).isZero();
    assertThat(b.get(4, 2)).isZero();
  }

  @Test
  @DisplayName("util-02: 3-bit slots")
  void getSize3() {
    BitArray a = BitArray.fromBinaryString("100010");
    assertThat(a.get(0, 3)).isEqualTo(2);
    assertThat(a.get(1, 3)).isEqualTo(4);
  }

  static Stream<Arguments> incrSize1() {
    return Stream.of(
        Arguments.of(0, 1, "100011"),
        Arguments.of(0, -1, "100010"),
        Arguments.of(1, 1, "100010"),
        Arguments.of(1, -1, "100000"),
        Arguments.of(2, 1, "100110"));
  }

  @ParameterizedTest(name = "\"100010\".incr({0}, by={1}) -> \"{2}\"")
  @MethodSource("incrSize1")
  @DisplayName("util-03: 1-bit incr saturates at 0 and 1")
  void incrSize1(long index, long by, String expected) {
    assertThat(incr("100010", index, 1, by)).isEqualTo(expected);
  }

  static Stream<Arguments> incrSize2() {
    return Stream.of(
        Arguments.of(0, 1, "100011"),
        Arguments.of(0, 2, "100011"),
        Arguments.of(0, 3, "100011"),
        Arguments.of(1, 1, "100110"),
        Arguments.of(1, 3, "101110"),
        Arguments.of(1, 10, "101110"),
        Arguments.of(1, -1, "100010"));
  }

  @ParameterizedTest(name = "\"100010\".incr({0}, size=2, by={1}) -> \"{2}\"")
  @MethodSource("incrSize2")
  @DisplayName("util-04: 2-bit incr saturates at 0 and 3")
  void incrSize2(long index, long by, String expected) {
    assertThat(incr("100010", index, 2, by)).isEqualTo(expected);
  }

  static Stream<Arguments> incrSize3() {
    return Stream.of(
        Arguments.of(1, "100011"),
        Arguments.of(2, "100100"),
        Arguments.of(3, "100101"),
        Arguments.of(6, "100111"));
  }

  @ParameterizedTest(name = "\"100010\".incr(0, size=3, by={0}) -> \"{1}\"")
  @MethodSource("incrSize3")
  @DisplayName("util-05: 3-bit incr saturates at 7")
  void incrSize3(long by, String expected) {
    assertThat(incr("100010", 0, 3, by)).isEqualTo(expected);
  }

  @Test
  @DisplayName("util-06: incrementing past the current length grows the array")
  void incrOver() {
    BitArray a = BitArray.fromBinaryString("1");
    a.incr(2, 1, 1);
    assertThat(a.toBinaryString(3)).isEqualTo("101");
  }

  @Test
  @DisplayName("incr returns the new, saturated value")
  void incrReturnsValue() {
    BitArray a = new BitArray();
    assertThat(a.incr(0, 2, 1)).isEqualTo(1);
    assertThat(a.incr(0, 2, 1)).isEqualTo(2);
    assertThat(a.incr(0, 2, 5)).isEqualTo(3);
    assertThat(a.incr(0, 2, -1)).isEqualTo(2);
    assertThat(a.incr(0, 2, -10)).isZero();
    assertThat(a.incr(0, 2, 0)).isZero();
  }

  @Test
  @DisplayName("neighbouring counters do not disturb each other")
  void countersAreIndependent() {
    BitArray a = new BitArray();
    a.incr(0, 3, 7);
    a.incr(2, 3, 5);
    a.incr(1, 3, 1);
    a.incr(1, 3, -1);
    assertThat(a.get(0, 3)).isEqualTo(7);
    assertThat(a.get(1, 3)).isZero();
    assertThat(a.get(2, 3)).isEqualTo(5);
    assertThat(a.toBinaryString(9)).isEqualTo("101000111");
  }

  @Test
  @DisplayName("a counter spanning two 64-bit words reads and writes whole")
  void counterAcrossWords() {
    BitArray a = new BitArray();
    // size 5, index 12 -> bits 60..64: four bits in word 0, one in word 1
    assertThat(a.incr(12, 5, 31)).isEqualTo(31);
    assertThat(a.get(12, 5)).isEqualTo(31);
    assertThat(a.get(11, 5)).isZero();
    assertThat(a.get(13, 5)).isZero();
    assertThat(a.incr(12, 5, -16)).isEqualTo(15);
    assertThat(a.get(64, 1)).isZero();
    assertThat(a.get(63, 1)).isEqualTo(1);
  }

  @Test
  @DisplayName("a far index grows the array; unwritten counters read 0")
  void growsForFarIndex() {
    BitArray a = new BitArray();
    assertThat(a.get(1_000_000, 4)).isZero();
    assertThat(a.sizeInBytes()).isEqualTo(8);
    assertThat(a.incr(1_000_000, 4, 9)).isEqualTo(9);
    assertThat(a.get(1_000_000, 4)).isEqualTo(9);
    assertThat(a.get(999_999, 4)).isZero();
    assertThat(a.sizeInBytes()).isGreaterThanOrEqualTo(4_000_004 / 8);
  }

  @Test
  @DisplayName("a 63-bit counter saturates at Long.MAX_VALUE")
  void size63Saturates() {
    BitArray a = new BitArray();
    assertThat(a.incr(1, 63, Long.MAX_VALUE - 1)).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(a.incr(1, 63, 5)).isEqualTo(Long.MAX_VALUE);
    assertThat(a.get(1, 63)).isEqualTo(Long.MAX_VALUE);
    assertThat(a.get(0, 63)).isZero();
    assertThat(a.incr(1, 63, -Long.MAX_VALUE)).isZero();
  }

  @Test
  @DisplayName("incr by Long.MIN_VALUE saturates at 0")
  void incrByMinValueSaturatesAtZero() {
    BitArray a = BitArray.fromBinaryString("1");
    assertThat(a.incr(0, 1, Long.MIN_VALUE)).isZero();
    assertThat(a.get(0, 1)).isZero();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"0", "1", "10", "100010", "1000010", "1111111111", "0000"})
  @DisplayName("toBinaryString inverts fromBinaryString")
  void binaryStringRoundTrip(String bits) {
    assertThat(BitArray.fromBinaryString(bits).toBinaryString(bits.length())).isEqualTo(bits);
  }

  @Test
  @DisplayName("toBinaryString pads with leading zeros")
  void toBinaryStringPads() {
    assertThat(BitArray.fromBinaryString("101").toBinaryString(6)).isEqualTo("000101");
    assertThat(new BitArray().toBinaryString(0)).isEmpty();
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {0, -1, 64, 100})
  @DisplayName("check rejects a counter size outside 1..63")
  void checkRejectsSize(int size) {
    assertThatThrownBy(() -> BitArray.check(size, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bit counter size must be from 1 to 63, was " + size);
  }

  @Test
  @DisplayName("check rejects a negative index, naming it")
  void checkRejectsNegativeIndex() {
    assertThatThrownBy(() -> BitArray.check(1, 0, 5, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bit index must not be negative, was -1");
  }

  @Test
  @DisplayName("check rejects an index past the 2^32-bit limit")
  void checkRejectsIndexPastLimit() {
    assertThatThrownBy(() -> BitArray.check(4, dev.kaju.spi.BitCounters.MAX_BITS / 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bit index 1073741824 with size 4 is past the 2^32-bit limit of a bit array");
    assertThatThrownBy(() -> BitArray.check(1, dev.kaju.spi.BitCounters.MAX_BITS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("past the 2^32-bit limit");
  }

  @Test
  @DisplayName("check accepts sizes 1 and 63 and the last index that fits")
  void checkAcceptsBounds() {
    assertThatCode(() -> BitArray.check(1, 0, dev.kaju.spi.BitCounters.MAX_BITS - 1)).doesNotThrowAnyException();
    assertThatCode(() -> BitArray.check(63, 0, dev.kaju.spi.BitCounters.MAX_BITS / 63 - 1))
        .doesNotThrowAnyException();
    assertThatCode(() -> BitArray.check(4)).doesNotThrowAnyException();
    assertThat(dev.kaju.spi.BitCounters.MAX_BITS).isEqualTo(1L << 32);
  }
}
