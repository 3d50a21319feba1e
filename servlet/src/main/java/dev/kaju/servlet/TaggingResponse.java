package dev.kaju.servlet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import org.jspecify.annotations.Nullable;

/**
 * A response that runs a task once, just before its headers can go out: before the first byte or
 * character is written or flushed, or when the handler returns without writing ({@link
 * #beforeCommit}). Only on the thread that made it: a response written by another thread (an
 * asynchronous servlet) never runs the task there. Nothing is buffered; the handler streams as
 * usual.
 */
final class TaggingResponse extends HttpServletResponseWrapper {
  private final Runnable task;
  private final Thread owner = Thread.currentThread();
  private volatile boolean done;
  private @Nullable ServletOutputStream out;
  private @Nullable PrintWriter writer;

  TaggingResponse(HttpServletResponse response, Runnable task) {
    super(response);
    this.task = task;
  }

  /**
   * Runs {@code chain} with {@code response} wrapped so that {@code task} runs just before its
   * headers go out (never for a request that went asynchronous: its response is finished elsewhere).
   */
  static void filter(ServletRequest request, HttpServletResponse response, FilterChain chain, Runnable task)
      throws IOException, ServletException {
    TaggingResponse tagging = new TaggingResponse(response, task);
    chain.doFilter(request, tagging);
    if (request.isAsyncStarted()) {
      tagging.abandon();
    } else {
      tagging.beforeCommit();
    }
  }

  /** Runs the task if it has not run, the response is not committed, and this is the request's thread. */
  void beforeCommit() {
    if (done) {
      return;
    }
    done = true;
    if (Thread.currentThread() == owner && !isCommitted()) {
      task.run();
    }
  }

  /** Never runs the task: the response is finished elsewhere (an asynchronous servlet). */
  void abandon() {
    done = true;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (out == null) {
      out = new Stream(super.getOutputStream());
    }
    return out;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      PrintWriter delegate = super.getWriter();
      writer = new PrintWriter(new Chars(delegate)) {
        @Override
        public boolean checkError() { // the container's writer keeps the errors of the connection
          return super.checkError() || delegate.checkError();
        }
      };
    }
    return writer;
  }

  @Override
  public void flushBuffer() throws IOException {
    beforeCommit();
    super.flushBuffer();
  }

  /** The response's stream, running the task before its first write, flush or close. */
  private final class Stream extends ServletOutputStream {
    private final ServletOutputStream delegate;

    Stream(ServletOutputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      beforeCommit();
      delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      beforeCommit();
      delegate.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      beforeCommit();
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      beforeCommit();
      delegate.close();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      delegate.setWriteListener(listener);
    }
  }

  /** The response's writer, running the task before its first write, flush or close. */
  private final class Chars extends Writer {
    private final PrintWriter delegate;

    Chars(PrintWriter delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(char[] buffer, int off, int len) {
      beforeCommit();
      delegate.write(buffer, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
      beforeCommit();
      delegate.write(s, off, len);
    }

    @Override
    public void flush() {
      beforeCommit();
      delegate.flush();
    }

    @Override
    public void close() {
      beforeCommit();
      delegate.close();
    }
  }
}
