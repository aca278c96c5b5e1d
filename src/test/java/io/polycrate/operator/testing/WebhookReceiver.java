package io.polycrate.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook endpoint for tests (the JDK's HTTP server): records every POST (headers, JSON body, what it answered)
 * and answers with the status codes it is told, then 200.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as received, and the status it was answered with. */
    public record Received(String path, String authorization, String apiKey, String contentType, JsonNode document,
            int answered) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> answers = new ArrayDeque<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /** A receiver on {@code address} (a free port): loopback, or the address pods reach this machine by. */
    public static WebhookReceiver on(InetAddress address) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 16);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                int status = receiver.nextAnswer();
                receiver.received.add(new Received(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("X-Api-Key"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), parse(text), status));
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return receiver;
    }

    public static WebhookReceiver onLoopback() throws IOException {
        return on(InetAddress.getLoopbackAddress());
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }

    /** Answers the next requests with these statuses, in order; 200 after them. */
    public synchronized WebhookReceiver answering(int... statuses) {
        for (int status : statuses) {
            answers.add(status);
        }
        return this;
    }

    private synchronized int nextAnswer() {
        Integer next = answers.poll();
        return next == null ? 200 : next;
    }

    public String url(String path) {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The documents answered 2xx, in the order they arrived. */
    public List<JsonNode> delivered() {
        return received.stream().filter(r -> r.answered() / 100 == 2).map(Received::document).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
