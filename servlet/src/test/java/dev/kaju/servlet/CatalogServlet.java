package dev.kaju.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * GET /page, /root, /items, /bounded call the cached method of that name with the query parameter
 * {@code q} (and /root the header X-Name) and write its result; /own calls page after setting its
 * own Cache-Control; /plain writes without calling one,
 * /missing answers 404 after calling page, /async calls page and answers on another thread. POST
 * /items calls items too.
 */
final class CatalogServlet extends HttpServlet {
  private final Catalog catalog;
  /** How many requests reached the servlet. */
  final AtomicInteger requests = new AtomicInteger();

  CatalogServlet(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    requests.incrementAndGet();
    String q = request.getParameter("q");
    String body;
    switch (request.getPathInfo() == null ? request.getServletPath() : request.getPathInfo()) {
      case "/page":
        body = catalog.page(q);
        break;
      case "/root":
        body = catalog.root(q, request.getHeader("X-Name"));
        break;
      case "/items":
        body = catalog.items(q);
        break;
      case "/bounded":
        body = catalog.bounded(q);
        break;
      case "/plain":
        body = "not cached";
        break;
      case "/own": // says its own Cache-Control
        response.setHeader("Cache-Control", "no-cache");
        body = catalog.page(q);
        break;
      case "/missing":
        catalog.page(q);
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
        return;
      case "/async": // answers from another thread, through the response it was given
        jakarta.servlet.AsyncContext async = request.startAsync();
        async.start(() -> {
          try {
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().write(catalog.page(q));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          } finally {
            async.complete();
          }
        });
        return;
      case "/stream": // writes through the output stream rather than the writer
        byte[] bytes = catalog.page(q).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
        return;
      default:
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
        return;
    }
    response.setContentType("text/plain;charset=utf-8");
    response.getWriter().write(body);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    requests.incrementAndGet();
    response.setContentType("text/plain;charset=utf-8");
    response.getWriter().write(catalog.items(request.getParameter("q")));
  }
}
