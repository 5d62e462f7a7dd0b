// The age head of years (model.age_head: years): its target stays in the stated group around the
// stated age, its groups are its years summed at the run's thresholds, a run trains and predicts
// with it, and a run's config from before the key keeps the 3 groups.

#include "losses.h"
#include "models.h"
#include "testsupport.h"
#include "trainer.h"

#include <QTemporaryDir>
#include <QTest>

using namespace masklab;
using namespace masklab::trainer;
using namespace masklab::test;

namespace {
torch::Tensor targetOf(float age, int group, AgeThresholds bounds, double sigma = 3)
{
    return ageYearsTarget(torch::tensor({age}), torch::tensor({int64_t(group)}), bounds, sigma)[0];
}
} // namespace

class TestAgeHead : public QObject
{
    Q_OBJECT
private slots:
    void targetStaysInTheStatedGroup_data()
    {
        QTest::addColumn<float>("age");
        QTest::addColumn<int>("group");
        QTest::addColumn<int>("middleFrom");
        QTest::addColumn<int>("oldFrom");
        QTest::addColumn<int>("peak");
        QTest::addColumn<int>("from"); // the group's years: [from, to)
        QTest::addColumn<int>("to");
        QTest::newRow("young, mid-group") << 22.f << 0 << 30 << 60 << 22 << 0 << 30;
        QTest::newRow("young, a year below middle") << 29.f << 0 << 30 << 60 << 29 << 0 << 30;
        QTest::newRow("middle at its first year") << 30.f << 1 << 30 << 60 << 30 << 30 << 60;
        QTest::newRow("relabelled young to middle") << 25.f << 1 << 30 << 60 << 30 << 30 << 60;
        QTest::newRow("relabelled old to middle") << 75.f << 1 << 30 << 60 << 59 << 30 << 60;
        QTest::newRow("over the last year") << 104.f << 2 << 30 << 60 << 99 << 60 << 100;
        QTest::newRow("other thresholds") << 45.f << 1 << 40 << 70 << 45 << 40 << 70;
    }

    void targetStaysInTheStatedGroup()
    {
        QFETCH(float, age);
        QFETCH(int, group);
        QFETCH(int, middleFrom);
        QFETCH(int, oldFrom);
        QFETCH(int, peak);
        QFETCH(int, from);
        QFETCH(int, to);
        const torch::Tensor t = targetOf(age, group, {middleFrom, oldFrom});
        QCOMPARE(t.size(0), ClassifierImpl::kAgeYears);
        QVERIFY(qAbs(t.sum().item<float>() - 1) < 1e-5);
        QCOMPARE(t.argmax().item<int64_t>(), int64_t(peak));
        QVERIFY(t.narrow(0, 0, from).sum().item<float>() == 0);
        QVERIFY(t.narrow(0, to, ClassifierImpl::kAgeYears - to).sum().item<float>() == 0);
        // Spread over neighbouring years, not a one-hot: the point of the head.
        QVERIFY(t[peak].item<float>() < 0.5f);
    }

    void spreadFollowsSigma()
    {
        const torch::Tensor narrow = targetOf(45, 1, {}, 1);
        const torch::Tensor wide = targetOf(45, 1, {}, 6);
        QVERIFY(narrow[45].item<float>() > 2 * wide[45].item<float>());
        QVERIFY(wide[51].item<float>() > narrow[51].item<float>());
    }

    void unknownAgeSpreadsOverItsGroup()
    {
        const torch::Tensor t = targetOf(-1, 1, {});
        for (int year : {30, 44, 59})
            QVERIFY(qAbs(t[year].item<float>() - 1.f / 30) < 1e-6);
    }

    void groupsAreTheYearsSummed()
    {
        torch::manual_seed(3);
        const torch::Tensor years = torch::randn({4, ClassifierImpl::kAgeYears});
        const AgeThresholds bounds{35, 65};
        const torch::Tensor groups = ageGroupLogits(years, bounds).exp();
        const torch::Tensor p = torch::softmax(years, 1);
        const torch::Tensor expected = torch::stack(
            {p.narrow(1, 0, 35).sum(1), p.narrow(1, 35, 30).sum(1), p.narrow(1, 65, 35).sum(1)}, 1);
        QVERIFY(torch::allclose(groups, expected, 1e-5, 1e-6));
    }

    void modelReadsItsGroupsOffTheYears()
    {
        ModelConfig config;
        config.ageHead = ModelConfig::AgeHead::Years;
        Classifier model(config, AgeThresholds{40, 70});
        QVERIFY(model->hasYearsHead());
        QCOMPARE(model->named_parameters()["fc.weight"].size(0), 3 + 2 + ClassifierImpl::kAgeYears);
        model->eval();
        torch::NoGradGuard noGrad;
        const std::vector<torch::Tensor> tasks = model->taskLogits(torch::randn({2, 3, 64, 48}));
        QCOMPARE(tasks[2].size(1), ClassifierImpl::kAgeYears);
        // Years said to be 65: middle under 40/70 (class mask 0, gender 0, age 1).
        std::vector<torch::Tensor> said = {torch::tensor({{5.f, 0.f, 0.f}}),
                                           torch::tensor({{5.f, 0.f}}),
                                           torch::zeros({1, ClassifierImpl::kAgeYears})};
        said[2][0][65] = 20.f;
        const torch::Tensor logits = model->combine(said);
        QCOMPARE(logits.size(1), int64_t(kClassCount));
        QCOMPARE(logits.argmax(1).item<int64_t>(), int64_t(1));
        QVERIFY(qAbs(torch::logsumexp(logits, 1).item<float>()) < 1e-5);
    }

    void yearsNeedTheMultiHead()
    {
        TrainConfig config;
        QString error;
        QVERIFY(applyConfigOverride(config, "model.age_head=years", &error));
        QVERIFY(!applyConfigOverride(config, "model.head=single", &error));
        QVERIFY2(error.contains("model.age_head") && error.contains("multi"), qPrintable(error));
        config.model.head = ModelConfig::Head::Single;
        QVERIFY(!parseTrainConfig(trainConfigToYaml(config), "c.yaml", &error));
        QVERIFY2(error.contains("model.age_head") && error.contains("multi"), qPrintable(error));
        QVERIFY(!applyConfigOverride(config, "model.age_sigma=0", &error));
        QVERIFY2(error.contains("model.age_sigma"), qPrintable(error));
    }

    void runTrainsAndPredictsWithYears()
    {
        QTemporaryDir tmp;
        const QString root = tmp.filePath("ds");
        QVERIFY(makeSynthDataset(root, 24, 2, 0, false, 96, 128));
        TrainConfig config = tinyTrainConfig(root, 2);
        config.model.ageHead = ModelConfig::AgeHead::Years;
        config.data.ageMiddleFrom = 35; // the run records them; the predictor groups by them
        config.data.ageOldFrom = 55;
        const TrainResult result = train(config, tmp.filePath("run"), {});
        QVERIFY2(result.ok, qPrintable(result.error));
        QVERIFY(result.history.back().trainLoss < result.history.front().trainLoss);
        const QByteArray saved = readFile(tmp.filePath("run/config.yaml"));
        QVERIFY(saved.contains("age_head: years"));
        QString error;
        const auto reread = parseRunConfig(saved, "config.yaml", &error);
        QVERIFY(reread && reread->model.ageHead == ModelConfig::AgeHead::Years);

        PredictionRequest request;
        request.members.push_back({tmp.filePath("run"), "best", "run"});
        request.evalDir = root;
        const PredictionOutcome outcome = predictEval(request, {});
        QVERIFY2(outcome.predictions, qPrintable(outcome.error));
        QVERIFY(outcome.predictions->imageCount() > 0);
        double sum = 0;
        for (float p : outcome.predictions->probabilities(0))
            sum += p;
        QVERIFY(qAbs(sum - 1) < 1e-3);
    }

    void runConfigWithoutTheKeyKeepsGroups()
    {
        QString error;
        const auto old =
            parseRunConfig("model:\n  architecture: small_cnn\n", "config.yaml", &error);
        QVERIFY2(old, qPrintable(error));
        QCOMPARE(old->model.ageHead, ModelConfig::AgeHead::Groups);
    }
};

QTEST_APPLESS_MAIN(TestAgeHead)
#include "tst_agehead.moc"
