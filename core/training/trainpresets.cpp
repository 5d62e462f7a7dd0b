#include "trainpresets.h"

namespace masklab {

const std::vector<TrainPreset> &trainPresets()
{
    static const std::vector<TrainPreset> presets = {
        {QString::fromLatin1(kFromScratchPreset),
         QStringLiteral("The default recipe, the best measured on a CPU without pretrained "
                        "weights: small CNN with mask/gender/age heads on the face box at 96x128, "
                        "class-balanced sampling, AdamW 3e-3 with cosine schedule, 20 epochs."),
         QByteArray()},
        {QStringLiteral("Recommended (pretrained)"),
         QStringLiteral("Fine-tunes torchvision's ImageNet weights of MobileNetV3-Large "
                        "(downloaded once into torch.hub's cache) at 144x192: the heads alone "
                        "for 1 epoch, then everything at a low rate, 10 epochs."),
         "data: {input_width: 144, input_height: 192}\n"
         "model: {architecture: mobilenet_v3_large, pretrained: imagenet, "
         "freeze_backbone_epochs: 1}\n"
         "optimizer: {lr: 0.001, weight_decay: 0.0001}\n"
         "train: {epochs: 10, batch_size: 32}\n"},
        {QStringLiteral("Quick check (small CNN)"),
         QStringLiteral("A small CNN at 72x96 for 5 epochs: minutes on a laptop CPU, to check "
                        "the data and the labels before a long run."),
         "data: {input_width: 72, input_height: 96}\n"
         "model: {architecture: small_cnn}\n"
         "optimizer: {lr: 0.003}\n"
         "train: {epochs: 5, batch_size: 32}\n"},
        {QStringLiteral("5-fold cross-validation"),
         QStringLiteral("Validates on one of 5 person-level folds (set split.fold 0..4 and run "
                        "each); the default recipe otherwise."),
         "split: {folds: 5, fold: 0}\n"},
    };
    return presets;
}

int trainPresetIndex(const QString &name)
{
    const std::vector<TrainPreset> &presets = trainPresets();
    for (size_t i = 0; i < presets.size(); ++i)
        if (presets[i].name == name)
            return int(i);
    return -1;
}

TrainConfig applyTrainPreset(const TrainPreset &preset, const TrainConfig &base)
{
    QString error;
    TrainConfig config = parseTrainConfig(preset.yaml, preset.name, &error).value_or(TrainConfig());
    config.data.dataset = base.data.dataset;
    config.data.workspace = base.data.workspace;
    config.data.ageMiddleFrom = base.data.ageMiddleFrom;
    config.data.ageOldFrom = base.data.ageOldFrom;
    return config;
}

} // namespace masklab
