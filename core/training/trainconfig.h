#pragma once
// The trainer's configuration: every key of the YAML file validated once into typed structs.
// An unknown key, a wrong type or an out-of-range value is an error naming the line, the key,
// the value and what is allowed. resources/train-default.yaml documents every key.

#include "labels.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <vector>

namespace masklab {

struct DataConfig
{
    QString dataset;   // dataset folder (root, train or images)
    QString workspace; // empty: "<dataset>.masklab" (the relabel overlay and settings)
    std::optional<int> ageMiddleFrom; // unset: the workspace's thresholds
    std::optional<int> ageOldFrom;
    int inputWidth = 96;
    int inputHeight = 128;
    enum class Normalize
    {
        ImageNet,
        Dataset,
        Fixed
    } normalize = Normalize::ImageNet;
    std::array<double, 3> mean{0.485, 0.456, 0.406}; // with Fixed
    std::array<double, 3> std{0.229, 0.224, 0.225};
    // x, y, width, height in source pixels. The default is the face-centred box of the
    // competition's 384x512 photos (at 96x128 it triples the face's resolution over the whole
    // photo's); boxes are clipped to smaller photos.
    std::optional<std::array<int, 4>> crop = std::array<int, 4>{48, 24, 288, 384};
    // A run fails when a larger share of its photos does not decode: a few broken photos are
    // skipped, but many mean a broken copy or mount, not a dataset to train on.
    double maxSkippedPhotos = 0.01;
};

struct SplitConfig
{
    double validationFraction = 0.2;
    int seed = 42;
    int folds = 0; // 0: one holdout split; >= 2: K-fold
    int fold = 0;
    // With folds: a CSV (folder,fold) that fixes each person's fold instead of drawing them, so
    // the folds stay the same when labels change (the error finder pins its folds this way).
    QString foldsFile;
};

struct ModelConfig
{
    enum class Architecture
    {
        SmallCnn,
        ResNet18,
        ResNet34,
        ResNet50,
        EfficientNetB0,
        EfficientNetB3,
        MobileNetV3Large
    } architecture = Architecture::SmallCnn; // the fastest to learn on a CPU
    enum class Head
    {
        Single,
        Multi
    } head = Head::Multi; // 18-way, or mask/gender/age heads
    enum class AgeHead
    {
        Groups, // the 3 age groups
        Years   // one output per year of age (0..99+), groups read off at the age thresholds
    } ageHead = AgeHead::Groups; // a run's config without the key: groups (how it trained)
    // years: the spread of the target around the stated age (a Gaussian, kept within the
    // stated group), so neighbouring ages share what is learnt.
    double ageSigma = 3;
    int width = 16; // small_cnn: channels of its first stage, doubled per stage
    double dropout = 0.2;
    // A torchvision state dict file (torch.save(model.state_dict())), or "imagenet":
    // torchvision's ImageNet weights for the architecture, from its cache (pretrainedweights.h).
    QString pretrained;
    int freezeBackboneEpochs = 0;
};

struct LossTerm
{
    enum class Kind
    {
        CrossEntropy,
        Focal,
        LabelSmoothing,
        F1
    } kind = Kind::CrossEntropy;
    double weight = 1.0;
    double gamma = 2.0;   // focal
    double epsilon = 0.1; // label smoothing
};

struct LossConfig
{
    std::vector<LossTerm> terms{LossTerm{}};
    enum class ClassWeights
    {
        None,
        InverseFrequency,
        Custom
    } classWeights = ClassWeights::None;
    std::vector<double> customWeights; // 18 values with Custom
};

struct OptimizerConfig
{
    enum class Kind
    {
        Sgd,
        Adam,
        AdamW
    } kind = Kind::AdamW;
    double lr = 3e-3;
    double weightDecay = 5e-4;
    double momentum = 0.9;
    bool nesterov = true;
};

struct SchedulerConfig
{
    enum class Kind
    {
        None,
        Step,
        Cosine,
        OneCycle
    } kind = Kind::Cosine;
    int stepEpochs = 5;
    double gamma = 0.1;
    int warmupEpochs = 1;
    // How often the rate moves (lrschedule.h): every batch, or (runs from before per-batch
    // schedules, whose config.yaml has no such key) once per epoch.
    enum class Interval
    {
        Batch,
        Epoch
    } interval = Interval::Batch;
};

struct TrainingConfig
{
    int epochs = 20; // real faces: as good as 50 (README), 20 min on 2 cores for 2,700 persons
    int batchSize = 32;
    double gradClip = 0; // 0: off
    enum class Sampler
    {
        Uniform,
        ClassBalanced
    } sampler = Sampler::ClassBalanced; // macro F1 weighs the rare classes equally
    int earlyStoppingPatience = 0;      // epochs without a better validation macro F1; 0: off
    int seed = 1;
    int threads = 0; // 0: one per core
    enum class Device
    {
        Auto,
        Cpu,
        Cuda
    } device = Device::Auto;
    // The arithmetic of the forward passes (the weights stay fp32): auto picks, on a GPU, bf16
    // autocast where it has it (Ampere on) and fp16 with loss scaling where not; fp32 on a CPU,
    // where bf16 was measured no faster (core/trainer/precision.cpp); fp16 needs a CUDA GPU.
    enum class Precision
    {
        Auto,
        Fp32,
        Bf16,
        Fp16
    } precision = Precision::Auto;
    // How images and convolution weights lie in memory: contiguous (NCHW) or channels-last
    // (NHWC); auto picks channels-last where it was measured faster (core/trainer/memoryformat).
    enum class MemoryFormat
    {
        Auto,
        Contiguous,
        ChannelsLast
    } memoryFormat = MemoryFormat::Auto;
    int workers = 2; // data-loading threads
    QString runName; // empty: a timestamp
};

struct AugmentConfig
{
    double hflip = 0.5;
    double randomResizedCrop = 0.5; // probability
    double cropScaleMin = 0.75;
    double rotation = 0.3; // probability
    double rotationDegrees = 10;
    double colorJitter = 0.5; // probability
    double colorJitterStrength = 0.2;
    double cutout = 0.0; // probability
    double cutoutFraction = 0.25;
    // Mixup: each batch blended with itself shuffled by a Beta(mixup, mixup) weight, the loss
    // blended alike; 0 = off. Keeps a model from memorising the few persons it trains on.
    double mixup = 0.0;
};

struct TrainConfig
{
    DataConfig data;
    SplitConfig split;
    ModelConfig model;
    LossConfig loss;
    OptimizerConfig optimizer;
    SchedulerConfig scheduler;
    TrainingConfig train;
    AugmentConfig augment;
};

// Parses a YAML document over the defaults. source names the file in messages.
std::optional<TrainConfig> parseTrainConfig(const QByteArray &yaml, const QString &source,
                                            QString *error);
// A run folder's config.yaml: as parseTrainConfig, but a run written before a key existed keeps
// what it trained with (no scheduler.interval: the rate moved once per epoch; no
// model.age_head: the age head was the 3 groups).
std::optional<TrainConfig> parseRunConfig(const QByteArray &yaml, const QString &source,
                                          QString *error);
// Applies one "key=value" (as masklab-cli train --set), the value read as YAML.
bool applyConfigOverride(TrainConfig &config, const QString &assignment, QString *error);
// The resolved configuration, every key written out (a run folder keeps it).
QByteArray trainConfigToYaml(const TrainConfig &config);
// Every key, "section.name", in the order the file documents them.
QStringList trainConfigKeys();

// What an editor needs to know about a key to offer the right widget.
struct TrainConfigKey
{
    enum class Kind
    {
        Integer,
        OptionalInteger,
        Number,
        Choice,
        Flag,
        Text,
        List
    };
    QString key;
    Kind kind = Kind::Text;
    QStringList choices;      // Choice
    double low = 0, high = 0; // Integer, OptionalInteger, Number
};
std::vector<TrainConfigKey> trainConfigKeyInfo();
// One key's value as an editor shows it: the text itself for Text keys, else YAML ("0.001",
// "true", "null", "[48, 24, 288, 384]").
QString trainConfigValue(const TrainConfig &config, const QString &key);
// Sets one key from an editor's text (read as trainConfigValue writes it). Returns what is wrong
// with the value, empty when it was set. The rules between keys are checkTrainConfig's.
QString setTrainConfigValue(TrainConfig &config, const QString &key, const QString &text);
// The rules between keys: empty, or "key: what is wrong" naming the key to fix.
QString checkTrainConfig(const TrainConfig &config);

} // namespace masklab
