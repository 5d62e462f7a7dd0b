#include "memoryformat.h"

namespace masklab::trainer {

namespace {

using Architecture = ModelConfig::Architecture;

// Measured on a CPU with native bf16 (bench/precisionbench.sh, whole epochs at 96x128, batch 32,
// 2 cores, two passes): in fp32 channels-last trained the small CNN 17-29 % and
// MobileNetV3-Large 29-33 % faster, ResNet-18 within 1 %; under bf16 autocast the differences
// went either way between the passes (-12 to +7 %). EfficientNet was not measured.
bool fasterChannelsLastOnCpu(Architecture architecture, const PrecisionChoice &precision)
{
    return !precision.autocasts() && (architecture == Architecture::SmallCnn ||
                                      architecture == Architecture::MobileNetV3Large);
}

} // namespace

MemoryFormatChoice chooseMemoryFormat(const TrainConfig &config, const torch::Device &device,
                                      const PrecisionChoice &precision)
{
    using F = TrainingConfig::MemoryFormat;
    MemoryFormatChoice choice;
    switch (config.train.memoryFormat) {
    case F::Contiguous:
        return choice;
    case F::ChannelsLast:
        choice.channelsLast = true;
        return choice;
    case F::Auto:
        break;
    }
    if (device.is_cuda()) {
        // cuDNN's tensor cores take NHWC natively in fp16 and bf16; fp32 keeps NCHW.
        choice.channelsLast = precision.autocasts();
        if (choice.channelsLast)
            choice.note = QStringLiteral("channels-last: tensor cores convolve %1 in NHWC")
                              .arg(precision.name);
        return choice;
    }
    choice.channelsLast = fasterChannelsLastOnCpu(config.model.architecture, precision);
    if (choice.channelsLast)
        choice.note =
            QStringLiteral("channels-last: measured faster for this model in fp32 on a CPU");
    return choice;
}

MemoryFormatChoice useMemoryFormat(Classifier &model, const TrainConfig &config,
                                   const torch::Device &device, const PrecisionChoice &precision)
{
    const MemoryFormatChoice choice = chooseMemoryFormat(config, device, precision);
    model->setChannelsLast(choice.channelsLast);
    return choice;
}

} // namespace masklab::trainer
