package dev.kaju.internal;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for error messages, shared by setup options and the processor's diagnostics. */
public final class Names {
  private Names() {}

  /**
   * {@code "; did you mean 'x'?"} when a candidate is at most two edits from {@code name} (and no
   * more edits than {@code name} has characters), else {@code ""}.
   */
  public static String didYouMean(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = 3;
    for (String c : candidates) {
      int d = distance(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
      if (d < bestDistance && d <= name.length()) {
        bestDistance = d;
        best = c;
      }
    }
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
