package io.weir.broker.http;

import io.weir.broker.DeliveryMode;
import io.weir.broker.GroupConfig;
import io.weir.broker.GroupDescription;
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
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** The consumer groups of a topic. */
@Path("/api/broker/v1/topics/{topic}/groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
@BrokerErrors
@Tag(name = "Built-in broker: groups")
@APIResponse(responseCode = "400", description = "Bad input")
@APIResponse(responseCode = "401", description = "Not signed in")
@APIResponse(responseCode = "403", description = "Changes need the role operator")
@APIResponse(responseCode = "404", description = "No such topic or group")
@APIResponse(responseCode = "503", description = "Storage failed (not durable) or the broker is not running")
public class GroupsResource {

    private final RunningBroker broker;

    GroupsResource(RunningBroker broker) {
        this.broker = broker;
    }

    /**
     * A new group. {@code mode}: {@code ordered} (partitions assigned to consumers, fetch and
     * commit) or {@code shared} (any consumer gets any message, receive and ack or nack).
     * Settings left out take the configured defaults.
     */
    public record CreateGroupRequest(String name, String mode, GroupSettings config) {
    }

    /**
     * @param visibilityTimeoutMs shared mode: an unacknowledged delivery is handed out again after this
     * @param maxAttempts shared mode: deliveries of a message before it goes to the dead-letter topic
     * @param sessionTimeoutMs a consumer that has not fetched or received for this long leaves the group
     */
    public record GroupSettings(Long visibilityTimeoutMs, Integer maxAttempts, Long sessionTimeoutMs) {

        static GroupSettings of(GroupConfig c) {
            return new GroupSettings(c.visibilityTimeout().toMillis(), c.maxAttempts(), c.sessionTimeout().toMillis());
        }

        GroupConfig over(GroupConfig defaults) {
            return new GroupConfig(defaults.mode(), TopicSettings.millis(visibilityTimeoutMs, defaults.visibilityTimeout()),
                    TopicSettings.or(maxAttempts, defaults.maxAttempts()),
                    TopicSettings.millis(sessionTimeoutMs, defaults.sessionTimeout()));
        }
    }

    /**
     * A group as it is now.
     *
     * @param partitions per partition: {@code committed}, the offset the group resumes from (in
     *     shared mode the lowest not yet acknowledged), and {@code lag}, the messages after it
     * @param assignments ordered mode: the partitions of each consumer
     * @param inFlight shared mode: deliveries neither acknowledged nor expired
     * @param deadLetters messages in the dead-letter topic not yet replayed with mode move
     */
    public record GroupView(String topic, String group, String mode, GroupSettings config, List<String> members,
            Map<String, List<Integer>> assignments, List<PartitionPosition> partitions, long lag, int inFlight,
            String deadLetterTopic, long deadLetters) {

        static GroupView of(GroupDescription d) {
            List<PartitionPosition> partitions = new TreeSet<>(d.committed().keySet()).stream()
                    .map(p -> new PartitionPosition(p, d.committed().get(p), d.lag().getOrDefault(p, 0L)))
                    .toList();
            return new GroupView(d.topic(), d.group(), EnumNames.of(d.config().mode()), GroupSettings.of(d.config()),
                    d.members(), d.assignments(), partitions, d.totalLag(), d.inFlight(), d.deadLetterTopic(),
                    d.deadLetters());
        }
    }

    public record PartitionPosition(int partition, long committed, long lag) {
    }

    @GET
    @Operation(summary = "Every group of the topic")
    public List<GroupView> list(@PathParam("topic") String topic) {
        return broker.get().groups(topic).stream().map(GroupView::of).toList();
    }

    @POST
    @RolesAllowed("operator")
    @ResponseStatus(201)
    @Operation(summary = "Create a group", description = "It starts at the oldest stored message of each partition.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "The group exists")
    public GroupView create(@PathParam("topic") String topic, CreateGroupRequest request) throws IOException {
        Required.body(request);
        DeliveryMode mode = EnumNames.parse(DeliveryMode.class, "mode", Required.field(request.mode(), "mode"));
        GroupSettings settings = request.config() == null ? new GroupSettings(null, null, null) : request.config();
        return GroupView.of(broker.get().createGroup(topic, request.name(),
                settings.over(broker.defaults().groupDefaults(mode))));
    }

    @GET
    @Path("{group}")
    @Operation(summary = "A group with its members, positions, lag, in-flight and dead-letter counts")
    public GroupView describe(@PathParam("topic") String topic, @PathParam("group") String group) {
        return GroupView.of(broker.get().describeGroup(topic, group));
    }

    @DELETE
    @Path("{group}")
    @RolesAllowed("operator")
    @Operation(summary = "Delete a group and its positions", description = "Its dead-letter topic stays.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public void delete(@PathParam("topic") String topic, @PathParam("group") String group) throws IOException {
        broker.get().deleteGroup(topic, group);
    }

    @DELETE
    @Path("{group}/members/{consumer}")
    @RolesAllowed("operator")
    @Operation(summary = "A consumer leaves the group now rather than at its session timeout",
            description = "In ordered mode its partitions go to the remaining consumers.")
    @APIResponse(responseCode = "204", description = "Left (or was not a member)")
    public void leave(@PathParam("topic") String topic, @PathParam("group") String group,
            @PathParam("consumer") String consumer) {
        broker.get().leaveGroup(topic, group, consumer);
    }
}
