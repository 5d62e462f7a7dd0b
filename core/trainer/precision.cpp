#include "precision.h"

#include <ATen/autocast_mode.h>

#include <QFile>

namespace masklab::trainer {

namespace {

// The architectures measured faster with bf16 autocast than in fp32 on a CPU with native bf16
// (bench/precisionbench.sh, whole epochs at 96x128 on 2 cores): auto picks bf16 for these only.
// MobileNetV3-Large gained 26 %; the small CNN lost 10 % and ResNet-18 25 % (PyTorch's own
// autocast lost alike there), so they stay fp32; EfficientNet was not measured.
bool measuredFasterInBf16(ModelConfig::Architecture architecture)
{
    return architecture == ModelConfig::Architecture::MobileNetV3Large;
}

} // namespace

bool cpuHasNativeBf16()
{
    static const bool native = [] {
        QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
        if (!cpuinfo.open(QIODevice::ReadOnly))
            return false;
        const QByteArray text = cpuinfo.readAll();
        return text.contains(" avx512_bf16") || text.contains(" amx_bf16");
    }();
    return native;
}

std::optional<PrecisionChoice> choosePrecision(const TrainConfig &config,
                                               const torch::Device &device, QString *error)
{
    using P = TrainingConfig::Precision;
    const P wanted = config.train.precision;
    PrecisionChoice choice;
    if (device.is_cuda()) {
        if (wanted == P::Bf16 || wanted == P::Fp16) {
            *error = QStringLiteral("train.precision: %1 on a GPU is not available yet in this "
                                    "MaskLab (it trains in fp32 there); set fp32 or auto")
                         .arg(wanted == P::Bf16 ? QStringLiteral("bf16") : QStringLiteral("fp16"));
            return std::nullopt;
        }
        if (wanted == P::Auto)
            choice.note = QStringLiteral("fp32 on the GPU");
        return choice;
    }
    if (wanted == P::Fp16) {
        *error = QStringLiteral("train.precision: fp16 needs a CUDA GPU; on a CPU use bf16 or "
                                "fp32");
        return std::nullopt;
    }
    const bool native = cpuHasNativeBf16();
    if (wanted == P::Bf16 ||
        (wanted == P::Auto && native && measuredFasterInBf16(config.model.architecture))) {
        choice.bf16 = true;
        choice.name = QStringLiteral("bf16");
        if (!native)
            choice.note = QStringLiteral("this CPU has no native bf16 (avx512_bf16 or AMX): "
                                         "bf16 is emulated and slower than fp32 here");
        else if (wanted == P::Auto)
            choice.note = QStringLiteral("bf16 autocast: this CPU computes bf16 natively");
    } else if (wanted == P::Auto) {
        choice.note = native ? QStringLiteral("fp32: this model is not faster in bf16 here")
                             : QStringLiteral("fp32: this CPU has no native bf16");
    }
    return choice;
}

AutocastScope::AutocastScope(const PrecisionChoice &choice)
    : m_on(choice.bf16), m_was(at::autocast::is_cpu_enabled()),
      m_dtype(at::autocast::get_autocast_cpu_dtype())
{
    if (!m_on)
        return;
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::set_cpu_enabled(true);
}

AutocastScope::~AutocastScope()
{
    if (!m_on)
        return;
    at::autocast::set_cpu_enabled(m_was);
    at::autocast::set_autocast_cpu_dtype(m_dtype);
    if (!m_was)
        at::autocast::clear_cache();
}

} // namespace masklab::trainer
