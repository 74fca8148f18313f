package io.weir.broker.http;

import io.weir.broker.Broker;
import io.weir.broker.ConsumedMessage;
import io.weir.broker.Delivery;
import io.weir.broker.Receipt;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Consuming: fetch and commit for ordered groups, receive, ack and nack for shared groups. Fetch
 * and receive are long polls: with {@code wait} they answer as soon as a message is there, or
 * empty when the wait is over. They join the group (or heartbeat), so they need the role operator.
 */
@Path("/api/broker/v1/topics/{topic}/groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("operator")
@BrokerErrors
@Tag(name = "Built-in broker: consuming")
@APIResponse(responseCode = "400", description = "Bad input")
@APIResponse(responseCode = "401", description = "Not signed in")
@APIResponse(responseCode = "403", description = "Consuming needs the role operator")
@APIResponse(responseCode = "404", description = "No such topic or group")
@APIResponse(responseCode = "409", description = "The group is of the other mode")
@APIResponse(responseCode = "503", description = "Storage failed (not durable) or the broker is not running")
public class ConsumeResource {

    private final RunningBroker broker;

    ConsumeResource(RunningBroker broker) {
        this.broker = broker;
    }

    /**
     * @param nextOffsets per partition, the offset after the last message returned: post it to
     *     commit once they are processed
     */
    public record FetchResponse(List<MessageBody.Consumed> messages, Map<Integer, Long> nextOffsets) {
    }

    /** Per partition, the offset of the next message to consume. */
    public record CommitRequest(Map<Integer, Long> offsets) {
    }

    /** Settle each receipt with {@link Receipt}'s string form; {@code reason} (nack only) goes with a dead letter. */
    public record SettleRequest(List<String> receipts, String reason) {
    }

    /** @param stale receipts not settled: settled before, or not the message's latest delivery (it expired) */
    public record SettleResponse(int settled, List<String> stale) {
    }

    public record ReceiveResponse(List<DeliveryView> deliveries) {
    }

    /** @param receipt what ack and nack take; {@code attempt} 1 is the first delivery */
    public record DeliveryView(String receipt, int attempt, MessageBody.Consumed message) {
    }

    @POST
    @Path("{group}/fetch")
    @Operation(summary = "Ordered groups: the next messages of the consumer's partitions (long poll)",
            description = "Joins the consumer to the group, or keeps it in. Fetching again without committing "
                    + "continues after the messages returned; after a rebalance the partition's new owner starts "
                    + "at the committed offset.")
    public FetchResponse fetch(@PathParam("topic") String topic, @PathParam("group") String group,
            @BeanParam PollQuery query) throws InterruptedException {
        boolean base64 = query.base64();
        List<ConsumedMessage> fetched = broker.get().fetch(topic, group, query.consumer(), query.max(),
                query.waitTime());
        Map<Integer, Long> next = new TreeMap<>();
        fetched.forEach(m -> next.merge(m.partition(), m.offset() + 1, Math::max));
        return new FetchResponse(fetched.stream().map(m -> MessageBody.Consumed.of(m, base64)).toList(), next);
    }

    @POST
    @Path("{group}/commit")
    @Operation(summary = "Ordered groups: commit, per partition, the offset of the next message to consume",
            description = "Only the consumer that owns the partitions now may commit them. A committed offset never "
                    + "goes back: an offset at or below it (a late or repeated commit) leaves it as it is; an offset "
                    + "reset is the way back.")
    @APIResponse(responseCode = "204", description = "Committed")
    @APIResponse(responseCode = "409", description = "The consumer does not own one of the partitions (it is not a "
            + "member, or a rebalance gave the partition to another); nothing was committed: fetch again")
    public void commit(@PathParam("topic") String topic, @PathParam("group") String group,
            @QueryParam("consumer") @Parameter(description = "The committing consumer's ID, as in fetch; required")
            String consumer, CommitRequest request) {
        Required.field(consumer, "consumer");
        Required.body(request);
        Required.nonEmpty(request.offsets() == null ? null : request.offsets().keySet(), "offsets");
        if (request.offsets().containsValue(null)) {
            throw new IllegalArgumentException("every partition in offsets needs an offset");
        }
        broker.get().commit(topic, group, consumer, request.offsets());
    }

    @POST
    @Path("{group}/receive")
    @Operation(summary = "Shared groups: deliveries for the consumer (long poll)",
            description = "Each must be acknowledged or rejected before the group's visibility timeout, or it is "
                    + "handed out again.")
    public ReceiveResponse receive(@PathParam("topic") String topic, @PathParam("group") String group,
            @BeanParam PollQuery query) throws InterruptedException {
        boolean base64 = query.base64();
        List<Delivery> deliveries = broker.get().receive(topic, group, query.consumer(), query.max(),
                query.waitTime());
        return new ReceiveResponse(deliveries.stream().map(d -> new DeliveryView(d.receipt().toString(), d.attempt(),
                MessageBody.Consumed.of(d.message(), base64))).toList());
    }

    @POST
    @Path("{group}/ack")
    @Operation(summary = "Shared groups: acknowledge deliveries; they are done")
    public SettleResponse ack(@PathParam("topic") String topic, @PathParam("group") String group,
            SettleRequest request) {
        return settle(topic, group, request, (b, receipt) -> b.ack(receipt));
    }

    @POST
    @Path("{group}/nack")
    @Operation(summary = "Shared groups: reject deliveries",
            description = "Each is handed out again at once, or goes to the dead-letter topic with the reason if "
                    + "that was its last attempt.")
    public SettleResponse nack(@PathParam("topic") String topic, @PathParam("group") String group,
            SettleRequest request) {
        return settle(topic, group, request, (b, receipt) -> b.nack(receipt, request.reason()));
    }

    private SettleResponse settle(String topic, String group, SettleRequest request,
            BiPredicate<Broker, Receipt> settle) {
        Required.body(request);
        Required.nonEmpty(request.receipts(), "receipts");
        List<Receipt> receipts = new ArrayList<>();
        for (String text : request.receipts()) {
            Receipt receipt = Receipt.parse(Required.field(text, "receipt"));
            if (!receipt.topic().equals(topic) || !receipt.group().equals(group)) {
                throw new IllegalArgumentException("receipt " + text + " is not of group " + group + " of topic " + topic);
            }
            receipts.add(receipt);
        }
        var b = broker.get();
        List<String> stale = new ArrayList<>();
        for (Receipt receipt : receipts) {
            if (!settle.test(b, receipt)) {
                stale.add(receipt.toString());
            }
        }
        return new SettleResponse(receipts.size() - stale.size(), stale);
    }
}
