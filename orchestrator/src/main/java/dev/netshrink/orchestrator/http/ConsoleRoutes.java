package dev.netshrink.orchestrator.http;

import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The web console: a page that reads the same JSON API a user's scripts do ({@code /api/...}) and
 * draws it, served from the jar's {@code console/} folder (its chart library, uPlot, is copied in
 * at build time from the version {@code orchestrator/console/package-lock.json} pins). It only
 * reads, so it needs no token; the orders a campaign obeys stay with the CLI and the token. {@code
 * /} sends a browser to it.
 */
final class ConsoleRoutes extends AllDirectives {

  private static final String FOLDER = "console";
  private static final Uri HOME = Uri.create("/console/");

  Route routes() {
    return concat(
        pathSingleSlash(() -> get(() -> redirect(HOME, StatusCodes.FOUND))),
        path(FOLDER, () -> get(() -> redirect(HOME, StatusCodes.MOVED_PERMANENTLY))),
        pathPrefix(
            FOLDER,
            () ->
                get(
                    // a new build's console must reach a browser that kept the old one open
                    () ->
                        respondWithHeader(
                            CacheControl.create(CacheDirectives.NO_CACHE),
                            () ->
                                concat(
                                    pathSingleSlash(() -> getFromResource(FOLDER + "/index.html")),
                                    getFromResourceDirectory(FOLDER))))));
  }
}
