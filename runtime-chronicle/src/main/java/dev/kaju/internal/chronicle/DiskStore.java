package dev.kaju.internal.chronicle;

import dev.kaju.CacheBackendException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import net.openhft.chronicle.hash.impl.VanillaChronicleHash;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The files of one cache directory and the Chronicle Map mapped onto them, shared by every backend
 * of this JVM that opens the directory.
 *
 * <p>Files: {@code kaju.cmap} (the map), {@code kaju.properties} (the parameters it was made with)
 * and {@code kaju.lock}. Every process using the directory holds a shared lock on byte 1 of
 * {@code kaju.lock}; a process that opens the directory while holding byte 0 exclusively (so one
 * opening at a time) and gets byte 1 exclusively is alone, and only then may it run Chronicle's
 * recovery (which must never run while another process maps the file), or set a bad file aside.
 * See {@link #CLEAN} for how a file closed cleanly, left by a killed process or damaged while
 * closed is told apart.
 */
final class DiskStore {
  static final String DATA = "kaju.cmap";
  static final String PARAMS = "kaju.properties";
  static final String LOCK = "kaju.lock";
  /**
   * Left by the last process to close the map, with a checksum of the whole file; taken away by the
   * next process to open it alone. Without it the file was left by a killed process and is
   * recovered; with a checksum that no longer matches, it was changed while closed and is set aside
   * (Chronicle's recovery can crash the JVM on arbitrary garbage, so garbage never reaches it).
   */
  static final String CLEAN = "kaju.clean";
  /**
   * One empty file per process (and store) that has the map open, removed when it closes. A file
   * left there when the last user closes belongs to a process that died with the map open, maybe
   * holding a segment lock: the file is then not sealed, so the next open recovers it.
   */
  static final String USERS = "kaju.users";
  private static final String FORMAT = "1";
  /** How many set-aside maps ({@code kaju.cmap.<timestamp>.bad}) a directory keeps; older ones are deleted. */
  static final int KEEP_BAD = 3;

  private static final System.Logger LOG = System.getLogger("dev.kaju");
  private static final Map<Path, DiskStore> OPEN = new HashMap<>();

  static {
    // A JVM that exits without closing its caches still closes and seals them, so that the next
    // run opens the file directly instead of recovering it.
    Runtime.getRuntime().addShutdownHook(new Thread(DiskStore::closeAll, "kaju-disk-close"));
  }
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

  /** What the map was built with; a file made with other values is set aside. */
  record Params(long entries, long averageKeySize, long averageValueSize) {
    Properties toProperties() {
      Properties p = new Properties();
      p.setProperty("format", FORMAT);
      p.setProperty("entries", Long.toString(entries));
      p.setProperty("average_key_size", Long.toString(averageKeySize));
      p.setProperty("average_value_size", Long.toString(averageValueSize));
      return p;
    }

    /** What differs from {@code stored}, or {@code null} when nothing does. */
    @Nullable String differences(Properties stored) {
      List<String> diffs = new ArrayList<>();
      mismatches(stored).forEach((k, was) -> diffs.add(k + "=" + was + " (now " + toProperties().getProperty(k) + ")"));
      return diffs.isEmpty() ? null : String.join(", ", diffs);
    }

    /** Each parameter whose value in {@code stored} differs from this one, with the stored value. */
    Map<String, @Nullable String> mismatches(Properties stored) {
      Map<String, @Nullable String> out = new TreeMap<>();
      toProperties()
          .forEach(
              (k, v) -> {
                String was = stored.getProperty((String) k);
                if (!v.equals(was)) {
                  out.put((String) k, was);
                }
              });
      return out;
    }

    /**
     * Refuses a setup whose parameters shape the file differently from the ones it is open with: a
     * smaller {@code entries} would evict the other users' keys, other sizes would misjudge the file.
     */
    void requireSame(Path dir, String openBy, Properties open) {
      Map<String, @Nullable String> diffs = mismatches(open);
      diffs.remove("format");
      if (diffs.isEmpty()) {
        return;
      }
      Properties asked = toProperties();
      List<String> each = new ArrayList<>();
      List<String> fix = new ArrayList<>();
      diffs.forEach(
          (k, was) -> {
            if (was == null) { // an unreadable kaju.properties: the file's parameters are unknown
              each.add(k + " unknown (this setup asks for " + asked.getProperty(k) + ")");
            } else {
              each.add(k + " " + was + " (this setup asks for " + asked.getProperty(k) + ")");
              fix.add(k + "=" + was);
            }
          });
      throw new IllegalArgumentException(
          "disk cache " + dir + " is open " + openBy + " with other parameters: " + String.join(", ", each)
              + "; every cache sharing a directory must give the same values: "
              + (fix.isEmpty() ? "stop the others so that the next open sets the file aside" : "use " + String.join("&", fix))
              + ", or use another directory");
    }
  }

  final Path directory;
  final Params params;
  final ChronicleMap<String, byte[]> map;
  /** The most bytes one entry (key or value) can take in {@link #map}: a larger size read from the file is false. */
  final long maxEntryBytes;
  private final FileChannel lockChannel;
  private final FileLock using;
  private final Path user;
  private int references = 1;
  /** Set once the map is closed (by the last backend, or at JVM exit). */
  volatile boolean closed;

  private DiskStore(
      Path directory, Params params, ChronicleMap<String, byte[]> map, FileChannel lockChannel, FileLock using, Path user) {
    this.directory = directory;
    this.user = user;
    this.params = params;
    this.map = map;
    this.maxEntryBytes = maxEntryBytes(map);
    this.lockChannel = lockChannel;
    this.using = using;
  }

  private static long maxEntryBytes(ChronicleMap<String, byte[]> map) {
    if (map instanceof VanillaChronicleHash) {
      VanillaChronicleHash<?, ?, ?, ?> hash = (VanillaChronicleHash<?, ?, ?, ?>) map;
      return Math.max(1, hash.chunkSize * hash.maxChunksPerEntry);
    }
    return Integer.MAX_VALUE - 8; // not Chronicle's own map: only the bytes that remain bound a size
  }

  /** Opens (or joins this JVM's already open) store in {@code directory}. */
  static DiskStore open(Path directory, Params params) {
    Path dir;
    try {
      // the real path: two spellings of one folder must find the same store (Java's file locks
      // are per JVM, so a second store on the same files would fail on them)
      dir = Files.createDirectories(directory.toAbsolutePath().normalize()).toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the disk cache directory " + directory + ": " + e, e);
    }
    synchronized (OPEN) {
      DiskStore open = OPEN.get(dir);
      if (open != null) {
        params.requireSame(dir, "in this JVM", open.params.toProperties());
        open.references++;
        return open;
      }
      DiskStore store = openFiles(dir, params);
      OPEN.put(dir, store);
      return store;
    }
  }

  private static DiskStore openFiles(Path dir, Params params) {
    FileChannel channel = null;
    ChronicleMap<String, byte[]> map = null;
    try {
      channel =
          FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Path user;
      FileLock using;
      try (FileLock opening = channel.lock(0, 1, false)) {
        FileLock alone = channel.tryLock(1, 1, false);
        if (alone != null) {
          try {
            map = openAlone(dir, params);
          } finally {
            alone.release();
          }
        } else {
          map = openShared(dir, params);
        }
        using = channel.lock(1, 1, true);
        Path users = Files.createDirectories(dir.resolve(USERS));
        user = Files.createTempFile(users, ProcessHandle.current().pid() + "-", "");
      }
      return new DiskStore(dir, params, map, channel, using, user);
    } catch (IOException e) {
      closeOnFailure(map, channel);
      throw new UncheckedIOException("cannot open the disk cache in " + dir + ": " + e.getMessage(), e);
    } catch (InternalError e) { // a mapped page the OS could not provide: disk full, file cut short
      closeOnFailure(map, channel);
      throw new CacheBackendException(
          "cannot open the disk cache in " + dir + ": the mapped file failed (" + e + "); check the disk's free space,"
              + " or stop the processes using the directory so that the next open recovers or sets the file aside",
          e);
    } catch (RuntimeException | Error e) {
      closeOnFailure(map, channel);
      throw e;
    }
  }

  private static void closeOnFailure(@Nullable ChronicleMap<String, byte[]> map, @Nullable FileChannel channel) {
    try {
      if (map != null) {
        map.close();
      }
    } finally {
      closeQuietly(channel);
    }
  }

  private static ChronicleMapBuilder<String, byte[]> builder(Params params) {
    // Chronicle's own capacity is kept above `entries`: the backend evicts at `entries`, and
    // values larger than average_value_size still find room in the extra tiers.
    return ChronicleMapBuilder.of(String.class, byte[].class)
        .name("kaju-disk")
        .entries(Math.max(params.entries + params.entries / 4, params.entries + 64))
        .averageKeySize(params.averageKeySize)
        .averageValueSize(Stored.HEADER + params.averageValueSize)
        .maxBloatFactor(4.0)
        .checksumEntries(true)
        // our own shutdown hook closes the map, then seals the file: Chronicle's closing it at the
        // same time could change the file after the seal was computed
        .skipCloseOnExitHook(true)
        .sparseFile(true);
  }

  /** No other process maps the file: recover it after a crash, or set it aside if it is not ours. */
  private static ChronicleMap<String, byte[]> openAlone(Path dir, Params params) throws IOException {
    Path data = dir.resolve(DATA);
    Path props = dir.resolve(PARAMS);
    // taken away before use: if this process dies with the map open, the next one recovers it
    String seal = readSeal(dir.resolve(CLEAN));
    Files.deleteIfExists(dir.resolve(CLEAN));
    deleteUsers(dir); // alone: any left are from dead processes, and then there is no seal
    if (!Files.exists(data)) {
      return create(dir, params);
    }
    Properties stored = readParams(props);
    String why = stored == null ? "it has no " + PARAMS + " beside it" : params.differences(stored);
    if (why != null) {
      setAside(dir, "was made with other parameters: " + why);
      return create(dir, params);
    }
    String header = headerProblem(data);
    if (header != null) {
      setAside(dir, "is corrupted (" + header + ")");
      return create(dir, params);
    }
    if (seal != null) {
      String now = seal(data);
      if (!seal.equals(now)) {
        setAside(dir, "changed after it was closed (" + seal + ", now " + now + "): it is corrupted");
        return create(dir, params);
      }
      try {
        return builder(params).createPersistedTo(data.toFile());
      } catch (IOException | RuntimeException | AssertionError e) {
        setAside(dir, "could not be opened (" + e + ")");
        return create(dir, params);
      }
    }
    LOG.log(
        Level.INFO,
        "disk cache " + data + " was not closed cleanly (a process using it was killed or did not close its cache);"
            + " recovering it");
    AtomicLong repairs = new AtomicLong();
    try {
      // Recovery clears locks left by a killed process and drops entries whose checksum fails.
      ChronicleMap<String, byte[]> map =
          builder(params)
              .recoverPersistedTo(
                  data.toFile(),
                  true,
                  corruption -> {
                    if (repairs.getAndIncrement() < 20) {
                      LOG.log(
                          Level.WARNING,
                          "disk cache " + data + ": recovery repaired " + corruption.message(),
                          corruption.exception());
                    }
                  });
      if (repairs.get() > 0) {
        LOG.log(
            Level.WARNING,
            "disk cache " + data + " recovered with " + repairs.get() + " repair(s) and now holds " + map.longSize()
                + " entries; entries found corrupt were dropped, the rest is kept");
      }
      return map;
    } catch (IOException | RuntimeException | AssertionError e) {
      setAside(dir, "could not be recovered (" + e + ")");
      return create(dir, params);
    }
  }

  /** The length and CRC32C of the whole file. */
  private static String seal(Path data) throws IOException {
    CRC32C crc = new CRC32C();
    long length = 0;
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
    try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
      for (int n; (n = ch.read(buffer)) > 0; buffer.clear()) {
        buffer.flip();
        crc.update(buffer);
        length += n;
      }
    }
    return "length=" + length + " crc32c=" + Long.toHexString(crc.getValue());
  }

  private static @Nullable String readSeal(Path clean) {
    try {
      return Files.readString(clean, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * What is wrong with the file's header word, or {@code null}. Chronicle waits a minute for a
   * header another process might still be writing; alone, a header that is not ready is garbage.
   */
  private static @Nullable String headerProblem(Path data) throws IOException {
    try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
      long length = ch.size();
      ByteBuffer word = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      if (length < 12 || ch.read(word, 8) != 4) {
        return "shorter than a header: " + length + " bytes";
      }
      int sizeWord = word.getInt(0);
      int size = sizeWord & ((1 << 30) - 1);
      if (sizeWord <= 0 || size > 16 * 1024 || 12L + size > length) {
        return "no valid header: size word " + Integer.toHexString(sizeWord) + ", file of " + length + " bytes";
      }
      return null;
    }
  }

  /**
   * Another process maps the file: use it as it is, if it was made with the same parameters. A
   * missing {@code kaju.properties} (deleted by hand: it is written before the map, under the lock
   * every opener takes) leaves them unknown, and unknown parameters are refused like other ones.
   */
  static ChronicleMap<String, byte[]> openShared(Path dir, Params params) throws IOException {
    Path data = dir.resolve(DATA);
    Properties stored = readParams(dir.resolve(PARAMS));
    params.requireSame(dir, "by another process", stored != null ? stored : new Properties());
    try {
      return builder(params).createPersistedTo(data.toFile());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot open the disk cache " + data + ", which another process is using: " + e
              + "; stop the other processes using " + dir + " so that the next one can recover or replace it",
          e);
    }
  }

  private static ChronicleMap<String, byte[]> create(Path dir, Params params) throws IOException {
    // the parameters first: a data file without them is set aside on the next open
    Path props = dir.resolve(PARAMS);
    Path tmp = dir.resolve(PARAMS + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      params.toProperties().store(w, "parameters of kaju.cmap; a file made with others is set aside");
    }
    Files.move(tmp, props, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return builder(params).createPersistedTo(dir.resolve(DATA).toFile());
  }

  private static @Nullable Properties readParams(Path props) {
    if (!Files.isRegularFile(props)) {
      return null;
    }
    try (Reader r = Files.newBufferedReader(props, StandardCharsets.UTF_8)) {
      Properties p = new Properties();
      p.load(r);
      return p;
    } catch (IOException | IllegalArgumentException e) {
      return new Properties(); // unreadable: differs from anything
    }
  }

  /** Renames the data file and its parameters with a timestamp suffix, logging the loss. */
  private static void setAside(Path dir, String why) throws IOException {
    String stamp = STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
    String suffix = "." + stamp + ".bad";
    for (int i = 1; Files.exists(dir.resolve(DATA + suffix)) || Files.exists(dir.resolve(PARAMS + suffix)); i++) {
      suffix = "." + stamp + "-" + i + ".bad"; // twice in one millisecond
    }
    Path data = dir.resolve(DATA);
    Path aside = dir.resolve(DATA + suffix);
    Files.move(data, aside);
    Path props = dir.resolve(PARAMS);
    if (Files.exists(props)) {
      Files.move(props, dir.resolve(PARAMS + suffix));
    }
    LOG.log(
        Level.WARNING,
        "disk cache " + data + " " + why + "; moved it aside to " + aside.getFileName()
            + " and started an empty cache: its entries are lost");
    pruneSetAside(dir);
  }

  /**
   * Deletes all but the {@link #KEEP_BAD} newest set-aside maps (with their parameters): a file
   * damaged again and again must not fill the disk. Suffixes sort by their timestamp, then by the
   * number {@link #setAside} adds for a second file in one millisecond ({@code .<stamp>.bad}, then
   * {@code .<stamp>-1.bad}, {@code -2}, ..., {@code -10}), as they were made.
   */
  static void pruneSetAside(Path dir) throws IOException {
    List<String> stamps = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.startsWith(DATA + ".") && name.endsWith(".bad")) {
          stamps.add(name.substring(DATA.length()));
        }
      }
    }
    stamps.sort(Comparator.comparing(DiskStore::stampOf).thenComparingLong(DiskStore::sequenceOf).reversed());
    for (String suffix : stamps.subList(Math.min(KEEP_BAD, stamps.size()), stamps.size())) {
      Files.deleteIfExists(dir.resolve(DATA + suffix));
      Files.deleteIfExists(dir.resolve(PARAMS + suffix));
      LOG.log(Level.INFO, "disk cache " + dir + ": deleted " + DATA + suffix + ", keeping the " + KEEP_BAD + " newest set aside");
    }
  }

  /** The timestamp of a set-aside suffix {@code .<stamp>[-<n>].bad}. */
  private static String stampOf(String suffix) {
    String s = suffix.substring(1, suffix.length() - ".bad".length());
    int dash = s.lastIndexOf('-');
    return dash < 0 ? s : s.substring(0, dash);
  }

  /** The number after the timestamp of a set-aside suffix: 0 for none (the first of its millisecond). */
  private static long sequenceOf(String suffix) {
    String s = suffix.substring(1, suffix.length() - ".bad".length());
    int dash = s.lastIndexOf('-');
    try {
      return dash < 0 ? 0 : Long.parseLong(s.substring(dash + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void closeAll() {
    synchronized (OPEN) {
      for (DiskStore store : List.copyOf(OPEN.values())) {
        store.references = 1;
        store.release();
      }
    }
  }

  /** Releases this backend's use; the last one closes the map and the lock. */
  void release() {
    synchronized (OPEN) {
      if (references == 0 || --references > 0) {
        return;
      }
      OPEN.remove(directory);
      closed = true;
      try {
        map.close();
        using.release();
        sealIfLast();
      } catch (IOException | RuntimeException | InternalError | AssertionError e) {
        LOG.log(Level.WARNING, "disk cache " + directory + " did not close cleanly; the next open recovers it", e);
      } finally {
        closeQuietly(lockChannel);
      }
    }
  }

  private static void deleteUsers(Path dir) throws IOException {
    Path users = dir.resolve(USERS);
    if (Files.isDirectory(users)) {
      try (Stream<Path> files = Files.list(users)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  private static boolean hasUsers(Path dir) throws IOException {
    Path users = dir.resolve(USERS);
    if (!Files.isDirectory(users)) {
      return false;
    }
    try (Stream<Path> files = Files.list(users)) {
      return files.findAny().isPresent();
    }
  }

  /** Seals the closed file when no other process uses the directory (see {@link #CLEAN}). */
  private void sealIfLast() throws IOException {
    try (FileLock opening = lockChannel.lock(0, 1, false)) {
      Files.deleteIfExists(user);
      FileLock alone = lockChannel.tryLock(1, 1, false);
      if (alone != null) {
        try {
          if (hasUsers(directory)) {
            LOG.log(
                Level.INFO,
                "disk cache " + directory + ": a process ended without closing it; the next open recovers it");
            return;
          }
          Path tmp = directory.resolve(CLEAN + ".tmp");
          Files.writeString(tmp, seal(directory.resolve(DATA)), StandardCharsets.UTF_8);
          Files.move(tmp, directory.resolve(CLEAN), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          alone.release();
        }
      }
    }
  }

  private static void closeQuietly(@Nullable FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing left to do
      }
    }
  }

  @Override
  public String toString() {
    return "DiskStore{" + Objects.toString(directory) + ", " + params + "}";
  }
}
