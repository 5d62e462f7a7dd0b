// The training configuration's key table: one Field per documented key, in the order of
// resources/train-default.yaml, with its type, range and how it reads and writes YAML.

#include "configfields.h"

namespace masklab::config {

namespace {

QString parseLossTerms(const YAML::Node &node, TrainConfig &c)
{
    static const QStringList kinds = {QStringLiteral("cross_entropy"), QStringLiteral("focal"),
                                      QStringLiteral("label_smoothing"), QStringLiteral("f1")};
    if (!node.IsSequence() || node.size() == 0)
        return QStringLiteral("expected a list like [{kind: focal, weight: 0.6, gamma: 2}, "
                              "{kind: f1, weight: 0.4}]");
    std::vector<LossTerm> terms;
    for (const YAML::Node &item : node) {
        if (!item.IsMap())
            return QStringLiteral("each term is a map with kind and weight");
        LossTerm term;
        for (const auto &entry : item) {
            const QString name = QString::fromStdString(entry.first.as<std::string>());
            double value = 0;
            const bool number =
                entry.second.IsScalar() && YAML::convert<double>::decode(entry.second, value);
            if (name == QLatin1String("kind")) {
                const int k = int(kinds.indexOf(scalarText(entry.second)));
                if (k < 0)
                    return QStringLiteral("kind \"%1\" is not one of %2")
                        .arg(scalarText(entry.second), kinds.join(QStringLiteral(", ")));
                term.kind = LossTerm::Kind(k);
            } else if (name == QLatin1String("weight") && number && value > 0) {
                term.weight = value;
            } else if (name == QLatin1String("gamma") && number && value >= 0 && value <= 10) {
                term.gamma = value;
            } else if (name == QLatin1String("epsilon") && number && value >= 0 && value < 1) {
                term.epsilon = value;
            } else {
                return QStringLiteral("%1: %2 is not allowed (kind; weight > 0; gamma 0..10; "
                                      "epsilon 0..1)")
                    .arg(name, scalarText(entry.second));
            }
        }
        terms.push_back(term);
    }
    c.loss.terms = terms;
    return {};
}

void emitLossTerms(YAML::Emitter &out, const TrainConfig &c)
{
    static const char *kinds[] = {"cross_entropy", "focal", "label_smoothing", "f1"};
    out << YAML::BeginSeq;
    for (const LossTerm &t : c.loss.terms) {
        out << YAML::Flow << YAML::BeginMap << YAML::Key << "kind" << YAML::Value
            << kinds[int(t.kind)] << YAML::Key << "weight" << YAML::Value << numberText(t.weight);
        if (t.kind == LossTerm::Kind::Focal)
            out << YAML::Key << "gamma" << YAML::Value << numberText(t.gamma);
        if (t.kind == LossTerm::Kind::LabelSmoothing)
            out << YAML::Key << "epsilon" << YAML::Value << numberText(t.epsilon);
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
}

} // namespace

#define AT(T, member)                                                                              \
    std::function<T &(TrainConfig &)>([](TrainConfig &c) -> T & { return c.member; })

const std::vector<Field> &fields()
{
    static const std::vector<Field> all = [] {
        std::vector<Field> f;
        f.push_back(stringField("data.dataset", AT(QString, data.dataset)));
        f.push_back(stringField("data.workspace", AT(QString, data.workspace)));
        f.push_back(optionalIntField("data.age_middle_from",
                                     AT(std::optional<int>, data.ageMiddleFrom), 1, 120));
        f.push_back(
            optionalIntField("data.age_old_from", AT(std::optional<int>, data.ageOldFrom), 2, 130));
        f.push_back(numberField<int>("data.input_width", AT(int, data.inputWidth), 16, 1024));
        f.push_back(numberField<int>("data.input_height", AT(int, data.inputHeight), 16, 1024));
        f.push_back(enumField<DataConfig::Normalize>("data.normalize",
                                                     AT(DataConfig::Normalize, data.normalize),
                                                     {"imagenet", "dataset", "fixed"}));
        f.push_back(listField<double>(
            "data.mean",
            [](TrainConfig &c) {
                return std::vector<double>(c.data.mean.begin(), c.data.mean.end());
            },
            [](TrainConfig &c, const std::vector<double> &v) {
                std::copy(v.begin(), v.end(), c.data.mean.begin());
            },
            3, 0.0, 1.0));
        f.push_back(listField<double>(
            "data.std",
            [](TrainConfig &c) {
                return std::vector<double>(c.data.std.begin(), c.data.std.end());
            },
            [](TrainConfig &c, const std::vector<double> &v) {
                std::copy(v.begin(), v.end(), c.data.std.begin());
            },
            3, 1e-6, 1.0));
        f.push_back(listField<int>(
            "data.crop",
            [](TrainConfig &c) {
                return c.data.crop ? std::vector<int>(c.data.crop->begin(), c.data.crop->end())
                                   : std::vector<int>{};
            },
            [](TrainConfig &c, const std::vector<int> &v) {
                if (v.empty()) {
                    c.data.crop.reset();
                    return;
                }
                c.data.crop.emplace();
                std::copy(v.begin(), v.end(), c.data.crop->begin());
            },
            4, 0, 100000));
        f.push_back(numberField<double>("data.max_skipped_photos",
                                        AT(double, data.maxSkippedPhotos), 0.0, 1.0));
        f.push_back(numberField<double>("split.validation_fraction",
                                        AT(double, split.validationFraction), 0.0, 0.9, true));
        f.push_back(numberField<int>("split.seed", AT(int, split.seed), 0, 2147483647));
        f.push_back(numberField<int>("split.folds", AT(int, split.folds), 0, 20));
        f.push_back(numberField<int>("split.fold", AT(int, split.fold), 0, 19));
        f.push_back(stringField("split.folds_file", AT(QString, split.foldsFile)));
        f.push_back(enumField<ModelConfig::Architecture>(
            "model.architecture", AT(ModelConfig::Architecture, model.architecture),
            {"small_cnn", "resnet18", "resnet34", "resnet50", "efficientnet_b0", "efficientnet_b3",
             "mobilenet_v3_large"}));
        f.push_back(enumField<ModelConfig::Head>("model.head", AT(ModelConfig::Head, model.head),
                                                 {"single", "multi"}));
        f.push_back(enumField<ModelConfig::AgeHead>(
            "model.age_head", AT(ModelConfig::AgeHead, model.ageHead), {"groups", "years"}));
        f.push_back(numberField<double>("model.age_sigma", AT(double, model.ageSigma), 0.5, 20.0));
        f.push_back(numberField<int>("model.width", AT(int, model.width), 4, 64));
        f.push_back(numberField<double>("model.dropout", AT(double, model.dropout), 0.0, 0.9));
        f.push_back(stringField("model.pretrained", AT(QString, model.pretrained)));
        f.push_back(numberField<int>("model.freeze_backbone_epochs",
                                     AT(int, model.freezeBackboneEpochs), 0, 1000));
        f.push_back(Field{QStringLiteral("loss.terms"), parseLossTerms, emitLossTerms, {}});
        f.push_back(enumField<LossConfig::ClassWeights>(
            "loss.class_weights", AT(LossConfig::ClassWeights, loss.classWeights),
            {"none", "inverse_frequency", "custom"}));
        f.push_back(listField<double>(
            "loss.custom_weights", [](TrainConfig &c) { return c.loss.customWeights; },
            [](TrainConfig &c, const std::vector<double> &v) { c.loss.customWeights = v; },
            size_t(kClassCount), 0.0, 1000.0));
        f.push_back(enumField<OptimizerConfig::Kind>(
            "optimizer.kind", AT(OptimizerConfig::Kind, optimizer.kind), {"sgd", "adam", "adamw"}));
        f.push_back(numberField<double>("optimizer.lr", AT(double, optimizer.lr), 0.0, 10.0, true));
        f.push_back(numberField<double>("optimizer.weight_decay", AT(double, optimizer.weightDecay),
                                        0.0, 1.0));
        f.push_back(
            numberField<double>("optimizer.momentum", AT(double, optimizer.momentum), 0.0, 1.0));
        f.push_back(boolField("optimizer.nesterov", AT(bool, optimizer.nesterov)));
        f.push_back(enumField<SchedulerConfig::Kind>("scheduler.kind",
                                                     AT(SchedulerConfig::Kind, scheduler.kind),
                                                     {"none", "step", "cosine", "one_cycle"}));
        f.push_back(
            numberField<int>("scheduler.step_epochs", AT(int, scheduler.stepEpochs), 1, 1000));
        f.push_back(
            numberField<double>("scheduler.gamma", AT(double, scheduler.gamma), 0.0, 1.0, true));
        f.push_back(
            numberField<int>("scheduler.warmup_epochs", AT(int, scheduler.warmupEpochs), 0, 1000));
        f.push_back(enumField<SchedulerConfig::Interval>(
            "scheduler.interval", AT(SchedulerConfig::Interval, scheduler.interval),
            {"batch", "epoch"}));
        f.push_back(numberField<int>("train.epochs", AT(int, train.epochs), 1, 1000));
        f.push_back(numberField<int>("train.batch_size", AT(int, train.batchSize), 1, 4096));
        f.push_back(
            numberField<double>("train.grad_clip", AT(double, train.gradClip), 0.0, 1000.0));
        f.push_back(enumField<TrainingConfig::Sampler>("train.sampler",
                                                       AT(TrainingConfig::Sampler, train.sampler),
                                                       {"uniform", "class_balanced"}));
        f.push_back(numberField<int>("train.early_stopping_patience",
                                     AT(int, train.earlyStoppingPatience), 0, 1000));
        f.push_back(numberField<int>("train.seed", AT(int, train.seed), 0, 2147483647));
        f.push_back(numberField<int>("train.threads", AT(int, train.threads), 0, 256));
        f.push_back(enumField<TrainingConfig::Device>(
            "train.device", AT(TrainingConfig::Device, train.device), {"auto", "cpu", "cuda"}));
        f.push_back(enumField<TrainingConfig::Precision>(
            "train.precision", AT(TrainingConfig::Precision, train.precision),
            {"auto", "fp32", "bf16", "fp16"}));
        f.push_back(enumField<TrainingConfig::MemoryFormat>(
            "train.memory_format", AT(TrainingConfig::MemoryFormat, train.memoryFormat),
            {"auto", "contiguous", "channels_last"}));
        f.push_back(numberField<int>("train.workers", AT(int, train.workers), 0, 64));
        f.push_back(stringField("train.run_name", AT(QString, train.runName)));
        f.push_back(numberField<double>("augment.hflip", AT(double, augment.hflip), 0.0, 1.0));
        f.push_back(numberField<double>("augment.random_resized_crop",
                                        AT(double, augment.randomResizedCrop), 0.0, 1.0));
        f.push_back(numberField<double>("augment.crop_scale_min", AT(double, augment.cropScaleMin),
                                        0.05, 1.0));
        f.push_back(
            numberField<double>("augment.rotation", AT(double, augment.rotation), 0.0, 1.0));
        f.push_back(numberField<double>("augment.rotation_degrees",
                                        AT(double, augment.rotationDegrees), 0.0, 180.0));
        f.push_back(
            numberField<double>("augment.color_jitter", AT(double, augment.colorJitter), 0.0, 1.0));
        f.push_back(numberField<double>("augment.color_jitter_strength",
                                        AT(double, augment.colorJitterStrength), 0.0, 1.0));
        f.push_back(numberField<double>("augment.cutout", AT(double, augment.cutout), 0.0, 1.0));
        f.push_back(numberField<double>("augment.cutout_fraction",
                                        AT(double, augment.cutoutFraction), 0.01, 1.0));
        f.push_back(numberField<double>("augment.mixup", AT(double, augment.mixup), 0.0, 10.0));
        for (Field &field : f) {
            field.info.key = field.key;
            if (field.key == QLatin1String("loss.terms"))
                field.info.kind = TrainConfigKey::Kind::List;
        }
        return f;
    }();
    return all;
}

#undef AT

} // namespace masklab::config
