package dev.netshrink.orchestrator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.netshrink.orchestrator.campaign.CampaignActor;
import dev.netshrink.orchestrator.campaign.CampaignManager;
import dev.netshrink.protocol.view.AddOrder;
import dev.netshrink.protocol.view.ControlOutcome;
import dev.netshrink.protocol.view.LimitOrder;
import dev.netshrink.protocol.view.TrialsOrder;
import dev.netshrink.protocol.wire.Json;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The orders a running campaign obeys, each a {@code POST /api/campaigns/{id}/VERB}: {@code cancel}
 * with a {@link TrialsOrder} (no trials, or an empty body: the whole campaign), {@code retry} with
 * one naming failed or stopped trials, {@code limit} with a {@link LimitOrder}, {@code add} with an
 * {@link AddOrder}. Each needs the token when one is set; a 200 says what changed ({@link
 * ControlOutcome}), a 404 that there is no such campaign, a 400 what is wrong with the order (a
 * trial the campaign does not have, a bad body), a 409 why the campaign cannot do it now (it, or
 * the trial, has ended).
 */
final class ControlRoutes extends AllDirectives {

  private final ActorSystem<?> system;
  private final ActorRef<CampaignManager.Command> manager;
  private final Duration askTimeout;
  private final Function<Supplier<Route>, Route> authorized;

  ControlRoutes(
      ActorSystem<?> system,
      ActorRef<CampaignManager.Command> manager,
      Duration askTimeout,
      Function<Supplier<Route>, Route> authorized) {
    this.system = system;
    this.manager = manager;
    this.askTimeout = askTimeout;
    this.authorized = authorized;
  }

  Route routes() {
    return concat(
        order("cancel", ControlRoutes::cancel),
        order("retry", ControlRoutes::retry),
        order("limit", ControlRoutes::limit),
        order("add", body -> new CampaignActor.Add(read(body, AddOrder.class))));
  }

  /** What a body asks for, or why it asks for nothing. */
  private static final class BadOrder extends Exception {
    private static final long serialVersionUID = 1L;

    BadOrder(String message) {
      super(message);
    }
  }

  @FunctionalInterface
  private interface Parser {
    CampaignActor.ControlRequest parse(String body) throws BadOrder;
  }

  private static CampaignActor.ControlRequest cancel(String body) throws BadOrder {
    TrialsOrder order =
        body.isBlank() ? new TrialsOrder(null, null) : read(body, TrialsOrder.class);
    return new CampaignActor.Cancel(names(order), order.reasonOr("cancelled by a user"));
  }

  private static CampaignActor.ControlRequest retry(String body) throws BadOrder {
    TrialsOrder order = read(body, TrialsOrder.class);
    if (order.trialsOrNone().isEmpty()) {
      throw new BadOrder("name at least one trial to retry");
    }
    return new CampaignActor.Retry(names(order), order.reasonOr("retried by a user"));
  }

  private static CampaignActor.ControlRequest limit(String body) throws BadOrder {
    LimitOrder order = read(body, LimitOrder.class);
    if (order.maxConcurrent() == null || order.maxConcurrent() < 0) {
      throw new BadOrder(
          "maxConcurrent: " + order.maxConcurrent() + " must be 0 (no limit) or more");
    }
    return new CampaignActor.Limit(order.maxConcurrent());
  }

  private static java.util.List<String> names(TrialsOrder order) throws BadOrder {
    if (order.trialsOrNone().stream().anyMatch(t -> t == null || t.isBlank())) {
      throw new BadOrder("a trial name is empty");
    }
    return order.trialsOrNone();
  }

  private static <T> T read(String body, Class<T> type) throws BadOrder {
    try {
      T order = body.isBlank() ? null : Json.MAPPER.readValue(body, type);
      if (order == null) {
        throw new BadOrder("the body is empty: send a " + type.getSimpleName() + " as JSON");
      }
      return order;
    } catch (JsonProcessingException e) {
      throw new BadOrder(
          "the body is not a " + type.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }

  /** {@code POST /api/campaigns/{id}/VERB}, with the token when one is set. */
  private Route order(String verb, Parser parser) {
    return path(
        PathMatchers.segment("campaigns").slash(PathMatchers.segment()).slash(verb),
        id ->
            post(
                () ->
                    authorized.apply(
                        () ->
                            entity(
                                Unmarshaller.entityToString(),
                                body -> carryOut(id, parser, body)))));
  }

  private Route carryOut(String campaignId, Parser parser, String body) {
    CampaignActor.ControlRequest request;
    try {
      request = parser.parse(body);
    } catch (BadOrder e) {
      return complete(HttpApi.response(StatusCodes.BAD_REQUEST, Map.of("error", e.getMessage())));
    }
    return completeWithFuture(
        AskPattern.<CampaignManager.Command, CampaignActor.ControlReply>ask(
                manager,
                replyTo -> new CampaignManager.Control(campaignId, request, replyTo),
                askTimeout,
                system.scheduler())
            .thenApply(reply -> answer(campaignId, reply))
            .exceptionally(
                e ->
                    HttpApi.response(
                        StatusCodes.SERVICE_UNAVAILABLE,
                        Map.of("error", String.valueOf(e.getMessage())))));
  }

  private static HttpResponse answer(String campaignId, CampaignActor.ControlReply reply) {
    if (reply instanceof CampaignActor.Done done) {
      return HttpApi.response(StatusCodes.OK, new ControlOutcome(campaignId, done.trials()));
    }
    CampaignActor.Refused refused = (CampaignActor.Refused) reply;
    return HttpApi.response(
        switch (refused.refusal()) {
          case NOT_FOUND -> StatusCodes.NOT_FOUND;
          case INVALID -> StatusCodes.BAD_REQUEST;
          case CONFLICT -> StatusCodes.CONFLICT;
        },
        Map.of("error", refused.reason()));
  }
}
