package dev.sightline.bench.query;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated shop behind {@link DayLoader}: 20 services in three tiers (3 frontends, 8 mid-tier services, 9
 * backends), each endpoint with its own latency (a log-normal median and spread for the endpoint's own work), error
 * rate and plan of downstream calls, database queries and internal steps. Immutable once built.
 */
final class Topology {

    enum Tier { FRONTEND, MID, BACKEND }

    /** A database: its queries are CLIENT spans with {@code db.system} and no server side, a virtual peer. */
    record Db(String system, String host, int port, String namespace) {
    }

    /** One step of an endpoint's plan, taken with {@code probability}. */
    sealed interface Step permits Call, Query, Internal {
        double probability();
    }

    /** An HTTP call to another service's endpoint: a CLIENT span here, a SERVER span there. */
    record Call(Endpoint target, double probability) implements Step {
    }

    /** A database query; {@code errorRate} of them fail (deadlock, timeout). */
    record Query(Db db, String operation, String collection, String statement, double medianMs, double sigma,
                 double errorRate, double probability) implements Step {
        String spanName() {
            return operation + " " + (db.namespace().isEmpty() ? "" : db.namespace() + ".") + collection;
        }
    }

    /** Work inside the service worth its own span (INTERNAL). */
    record Internal(String name, double medianMs, double sigma, double probability) implements Step {
    }

    record Service(int index, String name, Tier tier, int instances, String version) {
    }

    /**
     * An HTTP endpoint of a service.
     *
     * @param selfMedianMs  median of the endpoint's own time (children come on top)
     * @param sigma         spread of the log-normal own time
     * @param errorRate     share of requests failing here (5xx), not counting failures passed up from callees
     * @param notFoundRate  share answered 404 (a client error: not a failure of the service)
     * @param parallel      calls to other services go out at once (fan-out) rather than one after another
     */
    record Endpoint(Service service, String method, String route, double selfMedianMs, double sigma,
                    double errorRate, double notFoundRate, boolean parallel, List<Step> steps) {
        String spanName() {
            return method + " " + route;
        }
    }

    /** A root endpoint and how often traffic starts there, relative to the others. */
    record Entry(Endpoint endpoint, double weight) {
    }

    final List<Service> services;
    final List<Endpoint> endpoints;
    final List<Entry> entries;
    private final double[] cumulativeWeights;

    private Topology(List<Service> services, List<Endpoint> endpoints, List<Entry> entries) {
        this.services = List.copyOf(services);
        this.endpoints = List.copyOf(endpoints);
        this.entries = List.copyOf(entries);
        this.cumulativeWeights = new double[entries.size()];
        double sum = 0;
        for (int i = 0; i < entries.size(); i++) {
            sum += entries.get(i).weight();
            cumulativeWeights[i] = sum;
        }
        for (int i = 0; i < cumulativeWeights.length; i++) {
            cumulativeWeights[i] /= sum;
        }
    }

    /** The entry point for a uniform {@code u} in [0, 1). */
    Endpoint pickEntry(double u) {
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (u < cumulativeWeights[i]) {
                return entries.get(i).endpoint();
            }
        }
        return entries.get(entries.size() - 1).endpoint();
    }

    // ------------------------------------------------------------------------------------------- the shop

    static Topology shop() {
        Builder b = new Builder();
        Db orders = new Db("postgresql", "orders-db.shop.svc", 5432, "orders");
        Db catalogDb = new Db("postgresql", "catalog-db.shop.svc", 5432, "catalog");
        Db accountsDb = new Db("postgresql", "accounts-db.shop.svc", 5432, "accounts");
        Db ledgerDb = new Db("postgresql", "ledger-db.shop.svc", 5432, "ledger");
        Db redis = new Db("redis", "redis.shop.svc", 6379, "");
        Db elastic = new Db("elasticsearch", "search-es.shop.svc", 9200, "");
        Db mongo = new Db("mongodb", "media-mongo.shop.svc", 27017, "media");

        // Backends: leaves, most of the errors start here.
        Service auth = b.service("auth", Tier.BACKEND, 2);
        Service inventory = b.service("inventory", Tier.BACKEND, 2);
        Service payments = b.service("payments", Tier.BACKEND, 2);
        Service fraud = b.service("fraud-detection", Tier.BACKEND, 2);
        Service shipping = b.service("shipping", Tier.BACKEND, 2);
        Service notifications = b.service("notifications", Tier.BACKEND, 2);
        Service tax = b.service("tax", Tier.BACKEND, 2);
        Service ledger = b.service("ledger", Tier.BACKEND, 2);
        Service media = b.service("media", Tier.BACKEND, 2);
        // Mid tier.
        Service accounts = b.service("accounts", Tier.MID, 2);
        Service catalog = b.service("catalog", Tier.MID, 2);
        Service search = b.service("search", Tier.MID, 2);
        Service recommendations = b.service("recommendations", Tier.MID, 2);
        Service pricing = b.service("pricing", Tier.MID, 2);
        Service cart = b.service("cart", Tier.MID, 2);
        Service orderSvc = b.service("orders", Tier.MID, 2);
        Service checkout = b.service("checkout", Tier.MID, 2);
        // Frontends.
        Service web = b.service("web-frontend", Tier.FRONTEND, 3);
        Service mobile = b.service("mobile-bff", Tier.FRONTEND, 3);
        Service partner = b.service("partner-api", Tier.FRONTEND, 3);

        Endpoint verify = b.endpoint(auth, "POST", "/v1/token/verify", 1.5, 0.4, 0.001, 0, false,
                query(redis, "GET", "sessions", "GET session:?", 0.3, 0.5, 0.0005, 1.0));
        Endpoint stock = b.endpoint(inventory, "GET", "/v1/stock/{sku}", 2.5, 0.5, 0.002, 0.01, false,
                query(orders, "SELECT", "stock", "SELECT available, reserved FROM stock WHERE sku = $1", 1.5, 0.6,
                        0.0005, 1.0));
        Endpoint reserve = b.endpoint(inventory, "POST", "/v1/reservations", 4, 0.5, 0.004, 0, false,
                query(orders, "UPDATE", "stock", "UPDATE stock SET reserved = reserved + $1 WHERE sku = $2", 4, 0.8,
                        0.003, 1.0));
        Endpoint score = b.endpoint(fraud, "POST", "/v1/score", 18, 0.5, 0.002, 0, false,
                query(redis, "HGETALL", "risk", "HGETALL risk:customer:?", 0.4, 0.5, 0.0005, 1.0),
                new Internal("evaluate risk model", 9, 0.4, 1.0));
        Endpoint charge = b.endpoint(payments, "POST", "/v1/charges", 70, 0.6, 0.012, 0, false,
                new Call(score, 1.0),
                query(orders, "INSERT", "charges", "INSERT INTO charges (id, order_id, amount, currency) VALUES ($1, $2, "
                        + "$3, $4)", 3, 0.6, 0.001, 1.0));
        Endpoint quote = b.endpoint(shipping, "GET", "/v1/quotes", 22, 0.6, 0.005, 0, false);
        Endpoint ship = b.endpoint(shipping, "POST", "/v1/shipments", 30, 0.5, 0.004, 0, false,
                query(orders, "INSERT", "shipments", "INSERT INTO shipments (id, order_id, carrier) VALUES ($1, $2, "
                        + "$3)", 3, 0.6, 0.001, 1.0));
        Endpoint email = b.endpoint(notifications, "POST", "/v1/emails", 12, 0.5, 0.003, 0, false,
                new Internal("render template", 3, 0.5, 1.0));
        Endpoint rates = b.endpoint(tax, "GET", "/v1/rates", 3, 0.5, 0.001, 0, false,
                query(redis, "GET", "tax", "GET tax:rate:?", 0.3, 0.5, 0.0005, 0.9));
        Endpoint entries = b.endpoint(ledger, "POST", "/v1/entries", 8, 0.5, 0.003, 0, false,
                query(ledgerDb, "INSERT", "entries", "INSERT INTO entries (account, amount, ref) VALUES ($1, $2, $3)",
                        3, 0.6, 0.001, 1.0));
        Endpoint image = b.endpoint(media, "GET", "/v1/images/{id}", 6, 0.8, 0.002, 0.02, false,
                query(mongo, "find", "images", "{\"find\": \"images\", \"filter\": {\"_id\": \"?\"}}", 2, 0.6, 0.0005,
                        0.7));

        Endpoint user = b.endpoint(accounts, "GET", "/api/users/{id}", 4, 0.5, 0.002, 0.005, false,
                new Call(verify, 1.0),
                query(accountsDb, "SELECT", "users", "SELECT id, name, tier FROM users WHERE id = $1", 1.5, 0.6, 0.0005,
                        0.8));
        Endpoint products = b.endpoint(catalog, "GET", "/api/products", 12, 0.6, 0.002, 0, false,
                query(redis, "GET", "catalog", "GET catalog:page:?", 0.4, 0.5, 0.0005, 1.0),
                query(catalogDb, "SELECT", "products", "SELECT id, name, price FROM products WHERE category = $1 "
                        + "LIMIT 24", 6, 0.7, 0.001, 0.3));
        Endpoint product = b.endpoint(catalog, "GET", "/api/products/{id}", 6, 0.5, 0.002, 0.03, false,
                query(redis, "GET", "catalog", "GET catalog:product:?", 0.3, 0.5, 0.0005, 1.0),
                query(catalogDb, "SELECT", "products", "SELECT * FROM products WHERE id = $1", 2, 0.6, 0.0005, 0.25),
                new Call(image, 0.3));
        Endpoint find = b.endpoint(search, "GET", "/api/search", 10, 0.6, 0.004, 0, false,
                query(elastic, "search", "products", "{\"query\": {\"multi_match\": {\"query\": \"?\"}}}", 25, 0.7,
                        0.002, 1.0),
                new Internal("rank results", 6, 0.5, 1.0));
        Endpoint recommend = b.endpoint(recommendations, "GET", "/api/recommendations", 8, 0.6, 0.003, 0, false,
                query(redis, "ZREVRANGE", "recs", "ZREVRANGE recs:user:? 0 19", 0.5, 0.5, 0.0005, 1.0),
                new Internal("score candidates", 22, 0.5, 1.0));
        Endpoint price = b.endpoint(pricing, "POST", "/api/prices/quote", 5, 0.5, 0.002, 0, false,
                new Call(rates, 0.8),
                query(redis, "MGET", "prices", "MGET price:? price:?", 0.4, 0.5, 0.0005, 1.0));
        Endpoint getCart = b.endpoint(cart, "GET", "/api/cart", 3, 0.5, 0.002, 0, false,
                query(redis, "HGETALL", "cart", "HGETALL cart:?", 0.4, 0.5, 0.0005, 1.0));
        Endpoint addItem = b.endpoint(cart, "POST", "/api/cart/items", 5, 0.5, 0.003, 0.01, false,
                new Call(stock, 1.0),
                query(redis, "HSET", "cart", "HSET cart:? ? ?", 0.4, 0.5, 0.0005, 1.0));
        Endpoint getOrder = b.endpoint(orderSvc, "GET", "/api/orders/{id}", 5, 0.5, 0.002, 0.02, false,
                query(orders, "SELECT", "orders", "SELECT * FROM orders WHERE id = $1 AND customer_id = $2", 2, 0.6,
                        0.0005, 1.0));
        Endpoint placeOrder = b.endpoint(orderSvc, "POST", "/api/orders", 9, 0.5, 0.004, 0, false,
                new Call(reserve, 1.0), new Call(entries, 1.0),
                query(orders, "INSERT", "orders", "INSERT INTO orders (id, customer_id, total) VALUES ($1, $2, $3)", 3,
                        0.6, 0.001, 1.0));
        Endpoint placeCheckout = b.endpoint(checkout, "POST", "/api/checkout", 15, 0.5, 0.004, 0, false,
                new Call(getCart, 1.0), new Call(charge, 1.0), new Call(placeOrder, 1.0), new Call(ship, 0.5),
                new Call(email, 0.4));

        Endpoint home = b.endpoint(web, "GET", "/", 6, 0.5, 0.001, 0, true,
                new Call(products, 1.0), new Call(recommend, 0.7), new Internal("render page", 4, 0.4, 1.0));
        Endpoint productPage = b.endpoint(web, "GET", "/product/{id}", 5, 0.5, 0.001, 0, true,
                new Call(product, 1.0), new Call(price, 1.0), new Call(recommend, 0.4),
                new Internal("render page", 3, 0.4, 1.0));
        Endpoint cartPage = b.endpoint(web, "GET", "/cart", 4, 0.5, 0.001, 0, false,
                new Call(getCart, 1.0), new Call(price, 1.0));
        Endpoint searchPage = b.endpoint(web, "GET", "/search", 4, 0.5, 0.001, 0, false,
                new Call(find, 1.0), new Internal("render page", 3, 0.4, 1.0));
        Endpoint webCheckout = b.endpoint(web, "POST", "/checkout", 6, 0.5, 0.001, 0, false,
                new Call(placeCheckout, 1.0));
        Endpoint feed = b.endpoint(mobile, "GET", "/m/feed", 4, 0.5, 0.001, 0, true,
                new Call(recommend, 1.0), new Call(products, 0.6), new Internal("serialize response", 1.5, 0.5, 1.0));
        Endpoint mobileOrder = b.endpoint(mobile, "GET", "/m/orders/{id}", 3, 0.5, 0.001, 0.01, false,
                new Call(user, 1.0), new Call(getOrder, 1.0));
        Endpoint mobileAdd = b.endpoint(mobile, "POST", "/m/cart/items", 3, 0.5, 0.001, 0, false,
                new Call(user, 0.5), new Call(addItem, 1.0));
        Endpoint partnerProducts = b.endpoint(partner, "GET", "/partner/v1/products", 4, 0.5, 0.001, 0, false,
                new Call(verify, 1.0), new Call(products, 1.0));
        Endpoint partnerOrder = b.endpoint(partner, "POST", "/partner/v1/orders", 5, 0.5, 0.002, 0, false,
                new Call(verify, 1.0), new Call(placeOrder, 1.0), new Call(quote, 0.6));

        List<Entry> entryPoints = List.of(new Entry(home, 18), new Entry(productPage, 26), new Entry(cartPage, 8),
                new Entry(searchPage, 12), new Entry(webCheckout, 3), new Entry(feed, 14), new Entry(mobileOrder, 6),
                new Entry(mobileAdd, 6), new Entry(partnerProducts, 5), new Entry(partnerOrder, 2));
        return new Topology(b.services, b.endpoints, entryPoints);
    }

    private static Query query(Db db, String operation, String collection, String statement, double medianMs,
                               double sigma, double errorRate, double probability) {
        return new Query(db, operation, collection, statement, medianMs, sigma, errorRate, probability);
    }

    private static final class Builder {
        /** Scales the per-endpoint error rates below so that about 2 % of traces have a failure. */
        static final double ERROR_SCALE = 2.5;

        final List<Service> services = new ArrayList<>();
        final List<Endpoint> endpoints = new ArrayList<>();

        Service service(String name, Tier tier, int instances) {
            Service s = new Service(services.size(), name, tier, instances, "2." + (services.size() % 7) + "."
                    + (3 + services.size() % 4));
            services.add(s);
            return s;
        }

        Endpoint endpoint(Service service, String method, String route, double selfMedianMs, double sigma,
                          double errorRate, double notFoundRate, boolean parallel, Step... steps) {
            Endpoint e = new Endpoint(service, method, route, selfMedianMs, sigma, errorRate * ERROR_SCALE,
                    notFoundRate, parallel,
                    List.of(steps));
            endpoints.add(e);
            return e;
        }
    }
}
