package dev.kiln.api;

import dev.kiln.dataset.TestImages;
import dev.kiln.support.KilnHttp;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A corpus of bad requests, one per case, over every endpoint: malformed JSON and multipart, wrong types, ranges,
 * Unicode, ids, paging, sorting, filters, uploads, imports and predictions. Each names the status Kiln must answer
 * and the field its problem must name (or, for a request that has no field, a word of its detail). Paths and bodies
 * may name the fixture's resources as {dataset}, {model}, {run}, {job} and {images}.
 */
final class BadInputCorpus {
    private BadInputCorpus() {}

    /** A request to send and what must come back. */
    record Case(String name, Request request, int status, String field, String detail) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** How to send a case, given the ids of the fixture's resources. */
    interface Request {
        KilnHttp.Answer send(KilnHttp http, Map<String, String> ids);
    }

    static String fill(String text, Map<String, String> ids) {
        for (var id : ids.entrySet()) {
            text = text.replace("{" + id.getKey() + "}", id.getValue());
        }
        return text;
    }

    private static Request json(String method, String path, String body) {
        return (http, ids) -> http.call(method, fill(path, ids), Map.of("Content-Type", "application/json"),
                fill(body, ids));
    }

    private static Request get(String path) {
        return (http, ids) -> http.get(fill(path, ids));
    }

    private static Request raw(String method, String path, Map<String, String> headers, byte[] body) {
        return (http, ids) -> http.send(HttpRequest.newBuilder(http.uri(fill(path, ids))).method(method,
                HttpRequest.BodyPublishers.ofByteArray(body)).headers(headers.entrySet().stream()
                .flatMap(h -> Stream.of(h.getKey(), h.getValue())).toArray(String[]::new)).build());
    }

    private static Request upload(String fileName, byte[] content, Map<String, String> fields) {
        return (http, ids) -> http.upload(fileName, content, fields);
    }

    private static Request parts(String path, List<KilnHttp.Part> parts, Map<String, String> fields) {
        return (http, ids) -> http.multipart(fill(path, ids), parts, fields);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final String LAYERS = "[{\"type\": \"dense\", \"units\": 8}, {\"type\": \"dense\", \"units\": 3, "
            + "\"activation\": \"softmax\"}]";
    private static final String ROW = "{\"sepal_length_cm\": 5.1, \"sepal_width_cm\": 3.5, \"petal_length_cm\": 1.4, "
            + "\"petal_width_cm\": 0.2}";

    private static String model(String layer) {
        return "{\"name\": \"m\", \"layers\": [" + layer + "]}";
    }

    private static String run(String extra) {
        return "{\"datasetId\": \"{dataset}\", \"modelId\": \"{model}\", \"target\": \"target\"" + extra + "}";
    }

    private static String hyper(String hyperparameters) {
        return run(", \"hyperparameters\": " + hyperparameters);
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        // --- model definitions: JSON syntax ---------------------------------------------------------------------
        add(cases, "models: an empty body", json("POST", "/api/v1/models", ""), 400, null, "body");
        add(cases, "models: truncated JSON", json("POST", "/api/v1/models", "{\"name\": \"m\", \"layers\": ["), 400,
                null, "JSON");
        add(cases, "models: not JSON at all", json("POST", "/api/v1/models", "name=m"), 400, null, "JSON");
        add(cases, "models: a JSON array", json("POST", "/api/v1/models", "[]"), 400, null, "JSON");
        add(cases, "models: trailing tokens", json("POST", "/api/v1/models", model(LAYERS.substring(1,
                LAYERS.length() - 1)) + " {}"), 400, null, "JSON");
        add(cases, "models: an invalid escape", json("POST", "/api/v1/models", "{\"name\": \"\\uZZZZ\"}"), 400,
                null, "JSON");
        add(cases, "models: nesting 100000 deep", json("POST", "/api/v1/models", "[".repeat(100_000)), 400, null,
                "JSON");
        add(cases, "models: text/plain", raw("POST", "/api/v1/models", Map.of("Content-Type", "text/plain"),
                bytes(model(""))), 415, null, "text/plain");
        add(cases, "models: a duplicate key", json("POST", "/api/v1/models",
                "{\"name\": \"a\", \"name\": \"b\", \"layers\": " + LAYERS + "}"), 422, "name", "more than once");
        // --- model definitions: fields ----------------------------------------------------------------------------
        add(cases, "models: no name", json("POST", "/api/v1/models", "{\"layers\": " + LAYERS + "}"), 422, "name",
                null);
        add(cases, "models: a numeric name", json("POST", "/api/v1/models", "{\"name\": 5, \"layers\": " + LAYERS
                + "}"), 422, "name", null);
        add(cases, "models: a name of control characters", json("POST", "/api/v1/models",
                "{\"name\": \"\\u0000\\u202e\\n\", \"layers\": " + LAYERS + "}"), 422, "name", null);
        add(cases, "models: a name of 100000 characters", json("POST", "/api/v1/models",
                "{\"name\": \"" + "n".repeat(100_000) + "\", \"layers\": " + LAYERS + "}"), 422, "name", null);
        add(cases, "models: layers null", json("POST", "/api/v1/models", "{\"name\": \"m\", \"layers\": null}"), 422,
                "layers", null);
        add(cases, "models: layers an object", json("POST", "/api/v1/models", "{\"name\": \"m\", \"layers\": {}}"),
                422, "layers", null);
        add(cases, "models: no layers", json("POST", "/api/v1/models", model("")), 422, "layers", null);
        add(cases, "models: an unknown layer type", json("POST", "/api/v1/models",
                model("{\"type\": \"quantum\", \"units\": 3}")), 422, "layers[0].type", null);
        add(cases, "models: a layer without type", json("POST", "/api/v1/models", model("{\"units\": 3}")), 422,
                "layers[0].type", null);
        add(cases, "models: units 0", json("POST", "/api/v1/models", model("{\"type\": \"dense\", \"units\": 0}")),
                422, "layers[0].units", null);
        add(cases, "models: units 1.5", json("POST", "/api/v1/models",
                model("{\"type\": \"dense\", \"units\": 1.5}")), 422, "layers[0].units", null);
        add(cases, "models: units \"8\"", json("POST", "/api/v1/models",
                model("{\"type\": \"dense\", \"units\": \"8\"}")), 422, "layers[0].units", null);
        add(cases, "models: units 1e12", json("POST", "/api/v1/models",
                model("{\"type\": \"dense\", \"units\": 1e12}")), 422, "layers[0].units", null);
        add(cases, "models: units beyond a long", json("POST", "/api/v1/models",
                model("{\"type\": \"dense\", \"units\": 99999999999999999999999}")), 422, "layers[0].units", null);
        add(cases, "models: an unknown activation", json("POST", "/api/v1/models",
                model("{\"type\": \"dense\", \"units\": 3, \"activation\": \"relu6\"}")), 422, "layers[0].activation",
                null);
        add(cases, "models: dropout rate 5.0", json("POST", "/api/v1/models",
                model("{\"type\": \"dropout\", \"rate\": 5.0}")), 422, "layers[0].rate", null);
        add(cases, "models: l2 1e9", json("POST", "/api/v1/models",
                model("{\"type\": \"dense\", \"units\": 3, \"l2\": 1e9}")), 422, "layers[0].l2", null);
        add(cases, "models: an unknown field", json("POST", "/api/v1/models",
                model("{\"type\": \"dense\", \"unit\": 3}")), 422, "layers[0].unit", null);
        add(cases, "models: a kernel of 0", json("POST", "/api/v1/models",
                model("{\"type\": \"conv2d\", \"filters\": 4, \"kernelSize\": 0}")), 422, "layers[0].kernelSize",
                null);
        // --- runs -------------------------------------------------------------------------------------------------
        add(cases, "runs: datasetId not a UUID", json("POST", "/api/v1/runs",
                "{\"datasetId\": \"iris\", \"modelId\": \"{model}\", \"target\": \"target\"}"), 422, "datasetId", null);
        add(cases, "runs: an unknown datasetId", json("POST", "/api/v1/runs",
                "{\"datasetId\": \"00000000-0000-0000-0000-00000000abcd\", \"modelId\": \"{model}\", "
                        + "\"target\": \"target\"}"), 422, "datasetId", null);
        add(cases, "runs: no modelId", json("POST", "/api/v1/runs",
                "{\"datasetId\": \"{dataset}\", \"target\": \"target\"}"), 422, "modelId", null);
        add(cases, "runs: an unknown target", json("POST", "/api/v1/runs", run("").replace("\"target\": \"target\"",
                "\"target\": \"species\"")), 422, "target", null);
        add(cases, "runs: an unknown feature", json("POST", "/api/v1/runs", run(", \"features\": [\"nope\"]")), 422,
                "features[0]", null);
        add(cases, "runs: an unknown task", json("POST", "/api/v1/runs", run(", \"task\": \"clustering\"")), 422,
                "task", null);
        add(cases, "runs: priority 1e6", json("POST", "/api/v1/runs", run(", \"priority\": 1000000")), 422,
                "priority", null);
        add(cases, "runs: an unknown initFrom run", json("POST", "/api/v1/runs",
                run(", \"initFrom\": {\"runId\": \"00000000-0000-0000-0000-00000000abcd\"}")), 422, "initFrom.runId",
                null);
        add(cases, "runs: an unknown testDatasetId", json("POST", "/api/v1/runs",
                run(", \"testDatasetId\": \"00000000-0000-0000-0000-00000000abcd\"")), 422, "testDatasetId", null);
        add(cases, "runs: epochs 0", json("POST", "/api/v1/runs", hyper("{\"epochs\": 0}")), 422,
                "hyperparameters.epochs", null);
        add(cases, "runs: epochs 1e12", json("POST", "/api/v1/runs", hyper("{\"epochs\": 1e12}")), 422,
                "hyperparameters.epochs", null);
        add(cases, "runs: epochs 1.7", json("POST", "/api/v1/runs", hyper("{\"epochs\": 1.7}")), 422,
                "hyperparameters.epochs", null);
        add(cases, "runs: epochs \"2\"", json("POST", "/api/v1/runs", hyper("{\"epochs\": \"2\"}")), 422,
                "hyperparameters.epochs", null);
        add(cases, "runs: epochs twice", json("POST", "/api/v1/runs", hyper("{\"epochs\": 2, \"epochs\": 3}")), 422,
                "hyperparameters.epochs", "more than once");
        add(cases, "runs: shuffle 0", json("POST", "/api/v1/runs", hyper("{\"shuffle\": 0}")), 422,
                "hyperparameters.shuffle", null);
        add(cases, "runs: batchSize -1", json("POST", "/api/v1/runs", hyper("{\"batchSize\": -1}")), 422,
                "hyperparameters.batchSize", null);
        add(cases, "runs: validationSplit 1.5", json("POST", "/api/v1/runs", hyper("{\"validationSplit\": 1.5}")),
                422, "hyperparameters.validationSplit", null);
        add(cases, "runs: an unknown optimizer", json("POST", "/api/v1/runs",
                hyper("{\"optimizer\": {\"type\": \"rmsprop\"}}")), 422, "hyperparameters.optimizer.type", null);
        add(cases, "runs: a negative learning rate", json("POST", "/api/v1/runs",
                hyper("{\"optimizer\": {\"type\": \"adam\", \"learningRate\": -0.1}}")), 422,
                "hyperparameters.optimizer.learningRate", null);
        add(cases, "runs: momentum on adam", json("POST", "/api/v1/runs",
                hyper("{\"optimizer\": {\"type\": \"adam\", \"momentum\": 0.9}}")), 422,
                "hyperparameters.optimizer.momentum", null);
        add(cases, "runs: an unknown schedule", json("POST", "/api/v1/runs",
                hyper("{\"learningRateSchedule\": {\"type\": \"zigzag\"}}")), 422,
                "hyperparameters.learningRateSchedule.type", null);
        add(cases, "runs: early stopping patience -1", json("POST", "/api/v1/runs",
                hyper("{\"earlyStopping\": {\"patience\": -1}}")), 422, "hyperparameters.earlyStopping.patience",
                null);
        add(cases, "runs: an unknown hyperparameter", json("POST", "/api/v1/runs", hyper("{\"epoch\": 3}")), 422,
                "hyperparameters.epoch", null);
        add(cases, "runs: a model too big to train", json("POST", "/api/v1/runs",
                run("").replace("{model}", "{huge}")), 422, "modelId", "max-parameters");
        // --- lists: paging, sorting, filters ----------------------------------------------------------------------
        add(cases, "datasets: page -1", get("/api/v1/datasets?page=-1"), 400, "page", null);
        add(cases, "datasets: page 2147483647", get("/api/v1/datasets?page=2147483647"), 400, "page", null);
        add(cases, "datasets: page abc", get("/api/v1/datasets?page=abc"), 400, "page", null);
        add(cases, "datasets: size 0", get("/api/v1/datasets?size=0"), 400, "size", null);
        add(cases, "datasets: size 101", get("/api/v1/datasets?size=101"), 400, "size", null);
        add(cases, "datasets: sort createdAt;x", get("/api/v1/datasets?sort=createdAt;x"), 400, "sort", null);
        add(cases, "datasets: sort by storageKey", get("/api/v1/datasets?sort=storageKey"), 400, "sort", null);
        add(cases, "datasets: sort sideways", get("/api/v1/datasets?sort=createdAt,sideways"), 400, "sort", null);
        add(cases, "runs: sort by history.at", get("/api/v1/runs?sort=history.at"), 400, "sort", null);
        add(cases, "runs: sort by a JSON column", get("/api/v1/runs?sort=spec"), 400, "sort", null);
        add(cases, "models: sort by spec", get("/api/v1/models?sort=spec,asc"), 400, "sort", null);
        add(cases, "runs: status DONE", get("/api/v1/runs?status=DONE"), 400, "status", null);
        add(cases, "runs: datasetId not a UUID", get("/api/v1/runs?datasetId=iris"), 400, "datasetId", null);
        add(cases, "audit: keyId not a UUID", get("/api/v1/audit?keyId=me"), 400, "keyId", null);
        // --- ids in paths, methods, media types ---------------------------------------------------------------------
        add(cases, "datasets: an id that is not a UUID", get("/api/v1/datasets/not-a-uuid"), 404, null,
                "no resource with id not-a-uuid");
        add(cases, "runs: an id of digits", get("/api/v1/runs/123"), 404, null, "123");
        add(cases, "models: an unknown id", get("/api/v1/models/00000000-0000-0000-0000-00000000abcd"), 404, null,
                "model");
        add(cases, "datasets: delete an unknown id", (http, ids) -> http.delete(
                "/api/v1/datasets/00000000-0000-0000-0000-00000000abcd"), 404, null, "dataset");
        add(cases, "predictions: a job id that is not a UUID", get("/api/v1/runs/{run}/predictions/job-1"), 404,
                null, "job-1");
        add(cases, "images: index -1", get("/api/v1/datasets/{images}/images/-1"), 404, null,
                "no image -1");
        add(cases, "images: index beyond the dataset", get("/api/v1/datasets/{images}/images/999999"), 404, null,
                "image");
        add(cases, "images: of a table dataset", get("/api/v1/datasets/{dataset}/images/0"), 404, null, "image");
        add(cases, "an encoded slash in a path", get("/api/v1/datasets/a%2Fb"), 400, null, "request");
        add(cases, "an unknown path", get("/api/v1/nothing-here"), 404, null, "nothing-here");
        add(cases, "PUT on a collection", json("PUT", "/api/v1/datasets", "{}"), 405, null, "PUT");
        add(cases, "accept image/png for JSON", (http, ids) -> http.get("/api/v1/runs", "image/png"), 406, null,
                "application/json");
        add(cases, "cancel a finished run", (http, ids) -> http.post("/api/v1/runs/" + ids.get("run") + "/cancel"),
                409, null, "SUCCEEDED");
        // --- uploads -----------------------------------------------------------------------------------------------
        add(cases, "upload: an empty file", upload("e.csv", new byte[0], Map.of()), 422, "file", null);
        add(cases, "upload: no file part", parts("/api/v1/datasets", List.of(), Map.of("name", "x")), 422, "file",
                null);
        add(cases, "upload: random bytes", upload("r.csv", new java.util.Random(7).ints(4096, 0, 256)
                .collect(java.io.ByteArrayOutputStream::new, java.io.ByteArrayOutputStream::write,
                        (a, b) -> a.writeBytes(b.toByteArray())).toByteArray(), Map.of()), 422, "file", null);
        add(cases, "upload: a ragged CSV", upload("r.csv", bytes("a,b,c\n1,2,3\n4,5\n"), Map.of()), 422, "file",
                null);
        add(cases, "upload: a header without rows", upload("h.csv", bytes("a,b,c\n"), Map.of()), 422, "file", null);
        add(cases, "upload: duplicate column names", upload("d.csv", bytes("a,a\n1,2\n"), Map.of()), 422, "file",
                null);
        add(cases, "upload: an unterminated quote", upload("q.csv", bytes("a,b\n\"1,2\n3,4\n"), Map.of()), 422,
                "file", null);
        add(cases, "upload: a name of 201 characters", upload("n.csv", bytes("a,b\n1,2\n"),
                Map.of("name", "n".repeat(201))), 422, "name", null);
        add(cases, "upload: two file parts", parts("/api/v1/datasets", List.of(new KilnHttp.Part("file", "a.csv",
                bytes("a\n1\n")), new KilnHttp.Part("file", "b.csv", bytes("a\n1\n"))), Map.of()), 422, "file", null);
        add(cases, "upload: a part the operation does not take", parts("/api/v1/datasets", List.of(new KilnHttp.Part(
                "file", "a.csv", bytes("a\n1\n")), new KilnHttp.Part("extra", "b.csv", bytes("a\n1\n"))), Map.of()),
                422, "extra", null);
        add(cases, "upload: a name as a field and a query parameter", parts("/api/v1/datasets?name=one", List.of(
                new KilnHttp.Part("file", "a.csv", bytes("a\n1\n"))), Map.of("name", "two")), 422, "name", null);
        add(cases, "upload: images without labels", parts("/api/v1/datasets/idx", List.of(new KilnHttp.Part(
                "images", "i.gz", bytes("x"))), Map.of()), 422, "labels", null);
        add(cases, "upload: imageSize abc", upload("p.zip", TestImages.zip(TestImages.entries("a/1.png",
                TestImages.gray(4, 4, 1, "png"))), Map.of("imageSize", "abc")), 422, "imageSize", null);
        add(cases, "upload: colorMode purple", upload("p.zip", TestImages.zip(TestImages.entries("a/1.png",
                TestImages.gray(4, 4, 1, "png"))), Map.of("colorMode", "purple")), 422, "colorMode", null);
        add(cases, "upload: a ZIP entry escaping its folder", upload("p.zip", TestImages.zip(TestImages.entries(
                "../a/1.png", TestImages.gray(4, 4, 1, "png"))), Map.of()), 422, "file", null);
        add(cases, "upload: a truncated multipart body", raw("POST", "/api/v1/datasets",
                Map.of("Content-Type", "multipart/form-data; boundary=xyz"), bytes("--xyz\r\nContent-Disposition: "
                        + "form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\na,b\n1,2")), 400, null, "multipart");
        add(cases, "upload: multipart without a boundary", raw("POST", "/api/v1/datasets",
                Map.of("Content-Type", "multipart/form-data"), bytes("a,b\n1,2\n")), 400, null, "multipart");
        add(cases, "upload: JSON instead of multipart", json("POST", "/api/v1/datasets", "{\"file\": \"a,b\"}"), 415,
                null, "application/json");
        // --- imports -----------------------------------------------------------------------------------------------
        add(cases, "import: not a ZIP", parts("/api/v1/models/import", List.of(new KilnHttp.Part("file", "m.zip",
                bytes("not a zip"))), Map.of()), 422, "file", null);
        add(cases, "import: an empty ZIP", parts("/api/v1/models/import", List.of(new KilnHttp.Part("file",
                "m.zip", TestImages.zip(Map.of()))), Map.of()), 422, "file", null);
        add(cases, "import: an unknown entry", parts("/api/v1/models/import", List.of(new KilnHttp.Part("file",
                "m.zip", TestImages.zip(TestImages.entries("evil.sh", bytes("rm -rf /"))))), Map.of()), 422, "file",
                null);
        add(cases, "import: a manifest that is not JSON", parts("/api/v1/models/import", List.of(new KilnHttp.Part(
                "file", "m.zip", TestImages.zip(TestImages.entries("kiln-model.json", bytes("{nope"))))), Map.of()),
                422, "file", null);
        add(cases, "import: no file part", parts("/api/v1/models/import", List.of(), Map.of("x", "y")), 422, "file",
                null);
        // --- predictions and evaluation ------------------------------------------------------------------------------
        add(cases, "predict: no rows", json("POST", "/api/v1/runs/{run}/predict", "{}"), 422, "rows", null);
        add(cases, "predict: rows an object", json("POST", "/api/v1/runs/{run}/predict", "{\"rows\": {}}"), 422,
                "rows", null);
        add(cases, "predict: no row", json("POST", "/api/v1/runs/{run}/predict", "{\"rows\": []}"), 422, "rows",
                null);
        add(cases, "predict: an unknown column", json("POST", "/api/v1/runs/{run}/predict",
                "{\"rows\": [{\"bogus\": 1}]}"), 422, "rows[0]", "bogus");
        add(cases, "predict: an empty row", json("POST", "/api/v1/runs/{run}/predict", "{\"rows\": [{}]}"), 422,
                "rows[0]", null);
        add(cases, "predict: text in a numeric column", json("POST", "/api/v1/runs/{run}/predict",
                "{\"rows\": [{\"sepal_length_cm\": \"long\"}]}"), 422, "rows[0].sepal_length_cm", null);
        add(cases, "predict: 1e308 features", json("POST", "/api/v1/runs/{run}/predict",
                "{\"rows\": [{\"sepal_length_cm\": 1e308, \"sepal_width_cm\": -1e308}]}"), 422, "rows[0]", "finite");
        add(cases, "predict: NaN", json("POST", "/api/v1/runs/{run}/predict",
                "{\"rows\": [{\"sepal_length_cm\": NaN}]}"), 400, null, "JSON");
        add(cases, "predict: an unknown run", json("POST", "/api/v1/runs/00000000-0000-0000-0000-00000000abcd/predict",
                "{\"rows\": [" + ROW + "]}"), 404, null, "run");
        add(cases, "predict: images of a table model", parts("/api/v1/runs/{run}/predict/images",
                List.of(new KilnHttp.Part("image", "a.png", TestImages.gray(4, 4, 1, "png"))), Map.of()), 422,
                "image", null);
        add(cases, "predict: a text file as an image", parts("/api/v1/runs/{run}/predict/images",
                List.of(new KilnHttp.Part("image", "a.txt", bytes("hello"))), Map.of()), 422, "image", null);
        add(cases, "evaluate: no datasetId", json("POST", "/api/v1/runs/{run}/evaluate", "{}"), 422, "datasetId",
                null);
        add(cases, "evaluate: a dataset without the model's columns", json("POST", "/api/v1/runs/{run}/evaluate",
                "{\"datasetId\": \"{other}\"}"), 422, "datasetId", null);
        add(cases, "score: an unknown dataset", json("POST", "/api/v1/runs/{run}/predictions",
                "{\"datasetId\": \"00000000-0000-0000-0000-00000000abcd\"}"), 422, "datasetId", null);
        // --- projects and keys ---------------------------------------------------------------------------------------
        add(cases, "projects: a blank name", json("POST", "/api/v1/projects", "{\"name\": \"  \"}"), 422, "name",
                null);
        add(cases, "projects: a negative quota", json("PATCH", "/api/v1/projects/{project}/quotas",
                "{\"maxDatasets\": -1}"), 422, "maxDatasets", null);
        add(cases, "projects: a quota as text", json("PATCH", "/api/v1/projects/{project}/quotas",
                "{\"maxDatasets\": \"many\"}"), 422, "maxDatasets", null);
        add(cases, "keys: no scopes", json("POST", "/api/v1/keys", "{\"project\": \"{project}\", \"scopes\": []}"),
                422, "scopes", null);
        add(cases, "keys: an unknown scope", json("POST", "/api/v1/keys",
                "{\"project\": \"{project}\", \"scopes\": [\"root\"]}"), 422, "scopes[0]", null);
        add(cases, "keys: expiresAt yesterday-ish text", json("POST", "/api/v1/keys",
                "{\"project\": \"{project}\", \"scopes\": [\"read\"], \"expiresAt\": \"yesterday\"}"), 422,
                "expiresAt", null);
        add(cases, "keys: an unknown project", json("POST", "/api/v1/keys",
                "{\"project\": \"no-such-project\", \"scopes\": [\"read\"]}"), 422, "project", null);
        add(cases, "keys: revoke an unknown key", (http, ids) -> http.delete(
                "/api/v1/keys/00000000-0000-0000-0000-00000000abcd"), 404, null, "key");
        return cases.stream().map(Arguments::of);
    }

    private static void add(List<Case> cases, String name, Request request, int status, String field,
                            String detail) {
        cases.add(new Case(name, request, status, field, detail));
    }
}
