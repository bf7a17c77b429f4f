package dev.netshrink.protocol.event;

import java.util.List;

/**
 * A trained student's predicted class for every unlabelled evaluation image (Food-11's
 * {@code evaluation/}): {@code categories.get(i)} for the file named {@code ids.get(i)}, the
 * homework's submission format ({@code Id,Category}).
 */
public record PredictionsMade(String eventId, String campaignId, String trialId, String jobId,
    String workerId, long atMillis, List<String> ids, List<Integer> categories)
    implements TrialEvent {}
