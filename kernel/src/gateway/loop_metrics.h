#pragma once

#include "metrics/registry.h"

namespace streamit::gateway {

// The gateway's metrics (docs/gateway.md), shared by every loop: registering returns the same
// series for the same name.
struct LoopMetrics {
  explicit LoopMetrics(metrics::Registry& m)
      : open(m.gauge("streamit_gateway_connections_open", "WebSocket connections currently open")),
        opened(m.counter("streamit_gateway_connections_opened_total",
                         "WebSocket connections adopted")),
        closed(
            m.counter("streamit_gateway_connections_closed_total", "WebSocket connections closed")),
        framesIn(
            m.counter("streamit_gateway_frames_in_total", "WebSocket frames/messages received")),
        framesOut(m.counter("streamit_gateway_frames_out_total", "WebSocket frames fully written")),
        slowConsumers(
            m.counter("streamit_gateway_slow_consumer_closes_total",
                      "Connections closed with 1013 because their outbound queue was full")),
        queuedBytes(m.gauge("streamit_gateway_outbound_queued_bytes",
                            "Bytes waiting in WebSocket outbound queues")) {}

  metrics::Gauge& open;
  metrics::Counter& opened;
  metrics::Counter& closed;
  metrics::Counter& framesIn;
  metrics::Counter& framesOut;
  metrics::Counter& slowConsumers;
  metrics::Gauge& queuedBytes;
};

}  // namespace streamit::gateway
