package dev.netshrink.orchestrator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.netshrink.orchestrator.campaign.CampaignActor;
import dev.netshrink.orchestrator.campaign.CampaignManager;
import dev.netshrink.protocol.view.CancelOrder;
import dev.netshrink.protocol.view.ControlOutcome;
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
 * The orders a running campaign obeys: {@code POST /api/campaigns/{id}/cancel} with a {@link
 * CancelOrder} (an empty body cancels the whole campaign). Each needs the token when one is set; a
 * 200 says what changed ({@link ControlOutcome}), a 404 names what does not exist, a 409 says why
 * the campaign cannot do it now, a 400 what is wrong with the body.
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
    return path(
        PathMatchers.segment("campaigns").slash(PathMatchers.segment()).slash("cancel"),
        id ->
            post(
                () ->
                    authorized.apply(
                        () -> entity(Unmarshaller.entityToString(), body -> cancel(id, body)))));
  }

  private Route cancel(String campaignId, String body) {
    CancelOrder order;
    try {
      order =
          body.isBlank()
              ? new CancelOrder(null, null)
              : Json.MAPPER.readValue(body, CancelOrder.class);
    } catch (JsonProcessingException e) {
      return complete(
          HttpApi.response(
              StatusCodes.BAD_REQUEST,
              Map.of("error", "the body is not a cancel order: " + e.getOriginalMessage())));
    }
    if (order.trialsOrNone().stream().anyMatch(t -> t == null || t.isBlank())) {
      return complete(
          HttpApi.response(StatusCodes.BAD_REQUEST, Map.of("error", "a trial name is empty")));
    }
    CampaignActor.Cancel cancel =
        new CampaignActor.Cancel(order.trialsOrNone(), order.reasonOrDefault());
    return completeWithFuture(
        AskPattern.<CampaignManager.Command, CampaignActor.ControlReply>ask(
                manager,
                replyTo -> new CampaignManager.Control(campaignId, cancel, replyTo),
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
