package io.weir.broker.kafka;

import java.util.function.IntSupplier;

/** The one broker node clients are told about in Metadata and FindCoordinator: node 0 at this address (the port is known once bound). */
record Advertised(String host, IntSupplier port) {

    static final int NODE_ID = 0;
    static final String CLUSTER_ID = "weir-built-in-broker";
}
