#include "trainpresets.h"

namespace masklab {

const std::vector<TrainPreset> &trainPresets()
{
    static const std::vector<TrainPreset> presets = {
        {QStringLiteral("Recommended"),
         QStringLiteral("The default recipe, the best measured on a CPU: small CNN with "
                        "mask/gender/age heads on the face box at 96x128, class-balanced "
                        "sampling, AdamW 3e-3 with cosine schedule, 50 epochs."),
         QByteArray()},
        {QStringLiteral("Quick check (small CNN)"),
         QStringLiteral("A small CNN at 72x96 for 5 epochs: minutes on a laptop CPU, to check "
                        "the data and the labels before a long run."),
         "data: {input_width: 72, input_height: 96}\n"
         "model: {architecture: small_cnn}\n"
         "optimizer: {lr: 0.003}\n"
         "train: {epochs: 5, batch_size: 32}\n"},
        {QStringLiteral("ResNet-18 pretrained"),
         QStringLiteral("Fine-tunes torchvision weights (choose the file in model.pretrained): "
                        "the head alone for 1 epoch, then everything at a low rate."),
         "data: {input_width: 144, input_height: 192}\n"
         "model: {architecture: resnet18, freeze_backbone_epochs: 1}\n"
         "optimizer: {lr: 0.0003, weight_decay: 0.0001}\n"
         "train: {epochs: 8}\n"},
        {QStringLiteral("5-fold cross-validation"),
         QStringLiteral("Validates on one of 5 person-level folds (set split.fold 0..4 and run "
                        "each); the default recipe otherwise."),
         "split: {folds: 5, fold: 0}\n"},
    };
    return presets;
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
