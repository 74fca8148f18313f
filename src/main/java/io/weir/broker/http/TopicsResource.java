package io.weir.broker.http;

import io.weir.broker.PartitionDescription;
import io.weir.broker.PublishResult;
import io.weir.broker.TopicDescription;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** Topics of the built-in broker and publishing to them. */
@Path("/api/broker/v1/topics")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
@BrokerErrors
@Tag(name = "Built-in broker: topics")
@APIResponse(responseCode = "400", description = "Bad input")
@APIResponse(responseCode = "401", description = "Not signed in")
@APIResponse(responseCode = "403", description = "Changes need the role operator")
@APIResponse(responseCode = "404", description = "No such topic")
@APIResponse(responseCode = "503", description = "Storage failed (not durable) or the broker is not running")
public class TopicsResource {

    private final RunningBroker broker;

    TopicsResource(RunningBroker broker) {
        this.broker = broker;
    }

    /** A new topic: its name, its partition count and any settings that differ from the defaults. */
    public record CreateTopicRequest(String name, Integer partitions, TopicSettings config) {
    }

    /** A topic with its settings and the extent of each partition. */
    public record TopicView(String name, TopicSettings config, long messages, long sizeBytes,
            List<PartitionView> partitions) {

        static TopicView of(TopicDescription d) {
            return new TopicView(d.name(), TopicSettings.of(d.config()), d.messages(), d.sizeBytes(),
                    d.partitions().stream().map(PartitionView::of).toList());
        }
    }

    /**
     * {@code startOffset}: oldest message kept; {@code endOffset}: offset of the next message
     * published; {@code storageFailed}: a write or fsync failed, the partition accepts no publishes
     * until Weir restarts.
     */
    public record PartitionView(int partition, long startOffset, long endOffset, long messages, long sizeBytes,
            boolean storageFailed) {

        static PartitionView of(PartitionDescription p) {
            return new PartitionView(p.partition(), p.startOffset(), p.endOffset(), p.messages(), p.sizeBytes(),
                    p.storageFailed());
        }
    }

    public record PublishRequest(List<MessageBody.Outgoing> messages) {
    }

    /** Where each message went, in the order of the request. */
    public record PublishResponse(List<PublishResult> results) {
    }

    @GET
    @Operation(summary = "Every topic with its settings and partitions")
    public List<TopicView> list() {
        var b = broker.get();
        return b.topics().stream().map(b::describeTopic).map(TopicView::of).toList();
    }

    @POST
    @RolesAllowed("operator")
    @ResponseStatus(201)
    @Operation(summary = "Create a topic", description = "Settings left out take the configured defaults (weir.broker.*).")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "The topic exists")
    public TopicView create(CreateTopicRequest request) throws IOException {
        Required.body(request);
        TopicSettings settings = request.config() == null ? TopicSettings.NONE : request.config();
        return TopicView.of(broker.get().createTopic(request.name(),
                settings.over(broker.defaults().topicDefaults(), request.partitions())));
    }

    @GET
    @Path("{topic}")
    @Operation(summary = "A topic with its settings and partitions (start and end offsets, sizes)")
    public TopicView describe(@PathParam("topic") String topic) {
        return TopicView.of(broker.get().describeTopic(topic));
    }

    @DELETE
    @Path("{topic}")
    @RolesAllowed("operator")
    @Operation(summary = "Delete a topic with its messages and groups",
            description = "Its dead-letter topics are topics of their own and stay.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@PathParam("topic") String topic) throws IOException {
        broker.get().deleteTopic(topic);
    }

    @POST
    @Path("{topic}/messages")
    @RolesAllowed("operator")
    @Operation(summary = "Publish a batch of messages",
            description = "Answers once all are durable under the topic's flush policy. A message whose messageId "
                    + "was accepted within the dedup window is not stored again: its result has duplicate true and "
                    + "points at the copy stored earlier.")
    @APIResponse(responseCode = "200", description = "Stored (or recognised as duplicates), in request order")
    @APIResponse(responseCode = "429", description = "The topic is at its backlog limit; nothing of the batch was stored")
    @APIResponse(responseCode = "507", description = "The broker's disk has less free space than weir.broker.min-free-disk-bytes; "
            + "nothing of the batch was stored")
    public PublishResponse publish(@PathParam("topic") String topic, PublishRequest request) {
        Required.body(request);
        Required.nonEmpty(request.messages(), "messages");
        return new PublishResponse(broker.get().publish(topic,
                request.messages().stream().map(MessageBody.Outgoing::toMessage).toList()));
    }
}
