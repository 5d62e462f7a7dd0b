// The training configuration: the documented default file, round trips, and one clear error
// (line, key, value, what is allowed) per kind of mistake.

#include "testsupport.h"
#include "trainconfig.h"
#include "trainpresets.h"

#include <QTest>

#include <algorithm>

using namespace masklab;
using namespace masklab::test;

class TestTrainConfig : public QObject
{
    Q_OBJECT
private slots:
    // Every preset the config editor offers is a valid config on its own.
    void presetsAreValid()
    {
        QVERIFY(trainPresetIndex(QLatin1String(kFromScratchPreset)) >= 0);
        for (const TrainPreset &preset : trainPresets()) {
            QString error;
            const auto config = parseTrainConfig(preset.yaml, preset.name, &error);
            QVERIFY2(config, qPrintable(preset.name + ": " + error));
            const TrainConfig applied = applyTrainPreset(preset, TrainConfig());
            QVERIFY2(checkTrainConfig(applied).isEmpty(),
                     qPrintable(preset.name + ": " + checkTrainConfig(applied)));
        }
        const TrainConfig pretrained = applyTrainPreset(
            trainPresets()[size_t(trainPresetIndex(QStringLiteral("Recommended (pretrained)")))],
            TrainConfig());
        QCOMPARE(pretrained.model.pretrained, QStringLiteral("imagenet"));
        QCOMPARE(trainPresetIndex(QStringLiteral("no such preset")), -1);
    }

    void theDefaultFileDocumentsTheDefaults()
    {
        const QByteArray file =
            readFile(QStringLiteral(MASKLAB_SOURCE_DIR "/resources/train-default.yaml"));
        QVERIFY(!file.isEmpty());
        QString error;
        const auto parsed = parseTrainConfig(file, "train-default.yaml", &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(trainConfigToYaml(*parsed), trainConfigToYaml(TrainConfig{}));
        for (const QString &key : trainConfigKeys())
            QVERIFY2(file.contains(key.section(u'.', 1).toUtf8() + ":"),
                     qPrintable(key + " is not documented"));
    }

    void roundTrip()
    {
        QString error;
        auto config = parseTrainConfig(
            "model: {architecture: resnet34, head: single}\n"
            "loss:\n  terms: [{kind: focal, weight: 0.6, gamma: 2}, {kind: f1, weight: 0.4}]\n"
            "  class_weights: inverse_frequency\n"
            "data: {crop: [10, 20, 300, 400], age_old_from: 58}\n"
            "split: {folds: 5, fold: 3}\n",
            "x.yaml", &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->model.architecture, ModelConfig::Architecture::ResNet34);
        QCOMPARE(config->model.head, ModelConfig::Head::Single);
        QCOMPARE(int(config->loss.terms.size()), 2);
        QCOMPARE(config->loss.terms[0].kind, LossTerm::Kind::Focal);
        QCOMPARE(config->loss.terms[1].weight, 0.4);
        QCOMPARE(config->data.crop->at(2), 300);
        QCOMPARE(*config->data.ageOldFrom, 58);
        QVERIFY(!config->data.ageMiddleFrom);
        const QByteArray yaml = trainConfigToYaml(*config);
        const auto back = parseTrainConfig(yaml, "resolved.yaml", &error);
        QVERIFY2(back, qPrintable(error + "\n" + yaml));
        QCOMPARE(trainConfigToYaml(*back), yaml);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown section")
            << QByteArray("trainer: {}\n") << "x.yaml: line 1: unknown section \"trainer\"";
        QTest::newRow("unknown key")
            << QByteArray("optimizer:\n  lrr: 0.1\n")
            << "line 2: unknown key optimizer.lrr (allowed in optimizer: kind, lr,";
        QTest::newRow("wrong type") << QByteArray("train:\n  epochs: ten\n")
                                    << "line 2: train.epochs: \"ten\" is not a whole number";
        QTest::newRow("out of range")
            << QByteArray("optimizer: {lr: 0}\n") << "optimizer.lr: 0 is out of range (0, 10]";
        QTest::newRow("too big") << QByteArray("train: {batch_size: 100000}\n")
                                 << "train.batch_size: 100000 is out of range [1, 4096]";
        QTest::newRow("bad enum")
            << QByteArray("model: {architecture: vit}\n")
            << "model.architecture: \"vit\" is not one of small_cnn, resnet18, resnet34, resnet50, "
               "efficientnet_b0, efficientnet_b3, mobilenet_v3_large";
        QTest::newRow("bad bool") << QByteArray("optimizer: {nesterov: maybe}\n")
                                  << "optimizer.nesterov: \"maybe\" is not true or false";
        QTest::newRow("list length")
            << QByteArray("data: {mean: [0.5, 0.5]}\n") << "data.mean: needs 3 values, got 2";
        QTest::newRow("bad loss kind") << QByteArray("loss: {terms: [{kind: dice}]}\n")
                                       << "kind \"dice\" is not one of cross_entropy";
        QTest::newRow("bad loss weight") << QByteArray("loss: {terms: [{kind: f1, weight: -1}]}\n")
                                         << "weight: -1 is not allowed";
        QTest::newRow("fold past folds") << QByteArray("split: {folds: 3, fold: 3}\n")
                                         << "split.fold: 3 must be below split.folds (3)";
        QTest::newRow("one fold") << QByteArray("split: {folds: 1}\n")
                                  << "split.folds: 1 is not allowed";
        QTest::newRow("custom without weights")
            << QByteArray("loss: {class_weights: custom}\n") << "18 weights are needed";
        QTest::newRow("ages reversed")
            << QByteArray("data: {age_middle_from: 40, age_old_from: 30}\n")
            << "data.age_old_from: 30 must be above data.age_middle_from (40)";
        QTest::newRow("syntax") << QByteArray("train: {epochs: [\n") << "x.yaml: line 2:";
        QTest::newRow("section not a map")
            << QByteArray("train: 5\n") << "line 1: train must be a map";
    }

    void errors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!parseTrainConfig(yaml, "x.yaml", &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void overrides()
    {
        TrainConfig config;
        QString error;
        QVERIFY(applyConfigOverride(config, "optimizer.lr=0.01", &error));
        QCOMPARE(config.optimizer.lr, 0.01);
        QVERIFY(applyConfigOverride(config, "model.architecture=small_cnn", &error));
        QVERIFY(
            applyConfigOverride(config, "loss.terms=[{kind: focal, weight: 1, gamma: 3}]", &error));
        QCOMPARE(config.loss.terms.front().gamma, 3.0);
        QVERIFY(!applyConfigOverride(config, "optimizer.lr=-1", &error));
        QVERIFY(error.contains("--set optimizer.lr: -1 is out of range"));
        QCOMPARE(config.optimizer.lr, 0.01); // unchanged after a refused override
        QVERIFY(!applyConfigOverride(config, "optimiser.lr=1", &error));
        QVERIFY(error.contains("unknown key optimiser.lr"));
        QVERIFY(!applyConfigOverride(config, "justakey", &error));
        QVERIFY(error.contains("expected key=value"));
        QVERIFY(!applyConfigOverride(config, "split.fold=4", &error) || config.split.folds == 0);
        QVERIFY(applyConfigOverride(config, "train.run_name='a: b'", &error)); // YAML, unquoted
        QCOMPARE(config.train.runName, QString("a: b"));
        QVERIFY(applyConfigOverride(config, "train.run_name=", &error));
        QVERIFY(config.train.runName.isEmpty());
    }

    // What the GUI's config editor relies on: every key's value text sets the same value back.
    void editorValuesRoundTrip()
    {
        QString error;
        const auto config = parseTrainConfig(
            "data: {crop: [10, 20, 300, 400], age_old_from: 58, dataset: '/data/my set: 2'}\n"
            "loss: {terms: [{kind: focal, weight: 0.6, gamma: 2}, {kind: f1, weight: 0.4}]}\n"
            "optimizer: {lr: 0.00025, nesterov: false}\n",
            "x.yaml", &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(trainConfigValue(*config, "data.dataset"), QString("/data/my set: 2"));
        QCOMPARE(trainConfigValue(*config, "data.crop"), QString("[10, 20, 300, 400]"));
        QCOMPARE(trainConfigValue(*config, "data.age_middle_from"), QString("~"));
        QCOMPARE(trainConfigValue(*config, "optimizer.nesterov"), QString("false"));
        TrainConfig rebuilt;
        for (const TrainConfigKey &key : trainConfigKeyInfo()) {
            const QString problem =
                setTrainConfigValue(rebuilt, key.key, trainConfigValue(*config, key.key));
            QVERIFY2(problem.isEmpty(), qPrintable(key.key + ": " + problem));
        }
        QCOMPARE(trainConfigToYaml(rebuilt), trainConfigToYaml(*config));

        const auto info = trainConfigKeyInfo();
        const auto find = [&](const QString &key) {
            return *std::find_if(info.begin(), info.end(),
                                 [&](const TrainConfigKey &k) { return k.key == key; });
        };
        QCOMPARE(find("model.architecture").kind, TrainConfigKey::Kind::Choice);
        QCOMPARE(find("model.architecture").choices.first(), QString("small_cnn"));
        QCOMPARE(find("train.epochs").kind, TrainConfigKey::Kind::Integer);
        QCOMPARE(find("train.epochs").high, 1000.0);
        QCOMPARE(find("loss.terms").kind, TrainConfigKey::Kind::List);
        QCOMPARE(find("data.age_old_from").kind, TrainConfigKey::Kind::OptionalInteger);

        TrainConfig c;
        QVERIFY(setTrainConfigValue(c, "optimizer.lr", "fast").contains("is not a number"));
        QVERIFY(setTrainConfigValue(c, "split.folds", "5").isEmpty());
        QVERIFY(setTrainConfigValue(c, "split.fold", "7").isEmpty()); // alone it is fine...
        QVERIFY(checkTrainConfig(c).startsWith("split.fold: 7 must be below")); // ...not together
    }
};

QTEST_APPLESS_MAIN(TestTrainConfig)
#include "tst_trainconfig.moc"
