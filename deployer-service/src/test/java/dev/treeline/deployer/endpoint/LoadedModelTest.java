package dev.treeline.deployer.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoadedModelTest {

    private static TestModels.Trained v1;
    private static final ModelKey KEY = new ModelKey("churn", 1);

    @BeforeAll
    static void train() throws Exception {
        v1 = TestModels.train(1, 3f);
    }

    @AfterAll
    static void dispose() {
        v1.booster().dispose();
    }

    @Test
    void retiredModelIsDisposedOnlyAfterTheLastRelease() throws Exception {
        LoadedModel model = LoadedModel.load(KEY, v1.ubj());
        assertThat(model.acquire()).isTrue();
        assertThat(model.acquire()).isTrue();

        model.retire();
        assertThat(model.isRetired()).isTrue();
        assertThat(model.isDisposed()).isFalse();
        assertThat(model.acquire()).as("no new holders once retired").isFalse();

        float[][] rows = TestModels.rows(7, 3);
        assertThat(model.predict(rows)).as("holders can still predict").containsExactly(v1.reference(rows));

        model.release();
        assertThat(model.isDisposed()).isFalse();
        model.release();
        assertThat(model.isDisposed()).isTrue();
        assertThat(model.refCount()).isZero();
    }

    @Test
    void idleModelIsDisposedImmediatelyOnRetire() throws Exception {
        LoadedModel model = LoadedModel.load(KEY, v1.ubj());
        model.retire();
        model.retire();
        assertThat(model.isDisposed()).isTrue();
    }

    @Test
    void unbalancedReleaseAndUnheldPredictAreRefused() throws Exception {
        LoadedModel model = LoadedModel.load(KEY, v1.ubj());
        assertThatThrownBy(model::release).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> model.predict(TestModels.rows(1, 1))).isInstanceOf(IllegalStateException.class);
        assertThat(model.refCount()).isZero();
        assertThat(model.weightBytes()).isEqualTo(v1.ubj().length);
        model.retire();
    }

    @Test
    void wrongFeatureCountIsRefusedBeforeReachingXgboost() throws Exception {
        LoadedModel model = LoadedModel.load(KEY, v1.ubj());
        assertThat(model.acquire()).isTrue();
        try {
            assertThatThrownBy(() -> model.predict(new float[][] {{1f, 2f}}))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expects 4 features");
        } finally {
            model.release();
            model.retire();
        }
    }
}
