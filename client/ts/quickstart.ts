// The README's quickstart through the TypeScript client generated (typescript-fetch) from Kiln's OpenAPI document,
// unmodified. Usage: node quickstart.js <kiln url> <repository root> <api key>. Prints one line per step; exits 1 on a failure.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
    Activation, Adam, Configuration, Conv2d, DatasetsApi, Dense, Flatten, InferenceApi, LayerSpec, MaxPool2d,
    ModelsApi, ProblemFromJSON, ResponseError, RunResponse, RunsApi, RunStatus,
} from '../target/generated-ts';

const [kiln, root, key] = process.argv.slice(2);
const config = new Configuration({ basePath: kiln, accessToken: key });
const datasets = new DatasetsApi(config);
const models = new ModelsApi(config);
const runs = new RunsApi(config);
const inference = new InferenceApi(config);

function file(path: string): Blob {
    return new Blob([readFileSync(join(root, path))]);
}

function check(condition: boolean, what: string): void {
    if (!condition) {
        throw new Error('check failed: ' + what);
    }
}

async function finished(id: string): Promise<RunResponse> {
    for (let i = 0; i < 600; i++) {
        const run = await runs.getRun({ id });
        if (run.status === RunStatus.Succeeded || run.status === RunStatus.Failed || run.status === RunStatus.Cancelled) {
            return run;
        }
        await new Promise(resolve => setTimeout(resolve, 300));
    }
    throw new Error('run ' + id + ' did not finish');
}

async function problemOf(call: () => Promise<unknown>) {
    try {
        await call();
    } catch (e) {
        if (e instanceof ResponseError) {
            return { status: e.response.status, problem: ProblemFromJSON(await e.response.json()) };
        }
        throw e;
    }
    throw new Error('the call did not fail');
}

async function main(): Promise<void> {
    const train = await datasets.uploadDataset({ file: file('examples/data/iris_train.csv'), name: 'iris-train' });
    const test = await datasets.uploadDataset({ file: file('examples/data/iris_test.csv'), name: 'iris-test' });
    console.log('1. uploaded', train.id, test.id, train.rows, 'rows');

    const hidden: Dense = { type: 'dense', units: 64, activation: Activation.Relu };
    const output: Dense = { type: 'dense', units: 3, activation: Activation.Softmax };
    const model = await models.createModel({ modelSpec: { name: 'iris-mlp', layers: [hidden, output] } });
    check(model.layers.length === 2 && model.layers[0].type === 'dense', 'the model reads back as dense layers');
    console.log('2. model', model.id);

    const adam: Adam = { type: 'adam', learningRate: 0.005 };
    const submitted = await runs.submitRun({
        submitRun: {
            datasetId: train.id, modelId: model.id, target: 'target', testDatasetId: test.id,
            hyperparameters: { epochs: 30, batchSize: 16, seed: 42, optimizer: adam },
        },
    });
    const run = await finished(submitted.id);
    check(run.status === RunStatus.Succeeded, 'the run succeeded: ' + run.error);
    check((run.spec.optimizer as Adam).learningRate === 0.005, 'the resolved optimizer is the one sent');
    console.log('3-4. run', run.id, run.status, 'test_accuracy', run.metrics['test_accuracy']);

    const metrics = await runs.getRunMetrics({ id: run.id });
    check(metrics.epochs.length === 30, 'one metrics row per epoch');
    console.log('5. metrics: epochs', metrics.epochs.length, 'last loss', metrics.epochs[29].metrics['loss']);

    const row = { sepal_length_cm: 5.1, sepal_width_cm: 3.5, petal_length_cm: 1.4, petal_width_cm: 0.2 };
    const predicted = await inference.predictRows({ id: run.id, predictRequest: { rows: [row] } });
    check(predicted.predictions.length === 1 && predicted.predictions[0].label === '0', 'iris setosa predicted');
    console.log('6. predicted', predicted.predictions[0].label);

    const artifact = await inference.downloadModel({ id: run.id });
    const imported = await inference.importModel({ file: artifact });
    const again = await inference.predictRows({ id: imported.runId, predictRequest: { rows: [row] } });
    check(JSON.stringify(again.predictions) === JSON.stringify(predicted.predictions), 'the import predicts the same');
    console.log('7. artifact of', artifact.size, 'bytes imported as run', imported.runId);

    const images = await datasets.uploadIdxDataset({
        images: file('server/src/test/resources/fashion-mnist/train-images-idx3-ubyte.gz'),
        labels: file('server/src/test/resources/fashion-mnist/train-labels-idx1-ubyte.gz'),
        name: 'fashion', classNames: 'T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot',
    });
    const conv: Conv2d = { type: 'conv2d', filters: 8, kernelSize: [3, 3], activation: Activation.Relu };
    const pool: MaxPool2d = { type: 'maxPool2d' };
    const flatten: Flatten = { type: 'flatten' };
    const classes: Dense = { type: 'dense', units: 10, activation: Activation.Softmax };
    const layers: LayerSpec[] = [conv, pool, flatten, classes];
    const cnn = await models.createModel({ modelSpec: { name: 'cnn', layers } });
    const imageRun = await finished((await runs.submitRun({
        submitRun: { datasetId: images.id, modelId: cnn.id, hyperparameters: { epochs: 2, batchSize: 64, seed: 7 } },
    })).id);
    check(imageRun.status === RunStatus.Succeeded, 'the image run succeeded: ' + imageRun.error);
    const png = await datasets.getDatasetImage({ id: images.id, index: 0 });
    const byImage = await inference.predictImages({ id: imageRun.id, image: [png] });
    check(byImage.predictions.length === 1 && Object.keys(byImage.predictions[0].probabilities ?? {}).length === 10,
        'one image, ten probabilities');
    console.log('8. image predicted as', byImage.predictions[0].label);

    const missing = await problemOf(() => runs.getRun({ id: '00000000-0000-0000-0000-000000000000' }));
    check(missing.status === 404 && missing.problem.status === 404, 'a 404 problem');
    const bad: Dense = { type: 'dense', units: -3 };
    const invalid = await problemOf(() => models.createModel({ modelSpec: { name: 'bad', layers: [bad] } }));
    check(invalid.status === 422 && (invalid.problem.errors ?? []).some(v => v.field === 'layers[0].units'),
        'a 422 problem naming layers[0].units');
    console.log('9. problems', missing.problem.type, invalid.problem.errors?.[0].field);
    console.log('QUICKSTART OK');
}

main().catch(e => {
    console.error(e);
    process.exit(1);
});
