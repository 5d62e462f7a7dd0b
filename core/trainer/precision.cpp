#include "precision.h"

#include "failure.h"

#include <ATen/autocast_mode.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/version.h>

#include <QFile>

namespace masklab::trainer {

namespace {

PrecisionChoice lowPrecision(PrecisionChoice::Mode mode, torch::DeviceType device, QString note)
{
    PrecisionChoice choice;
    choice.mode = mode;
    choice.device = device;
    choice.name =
        mode == PrecisionChoice::Mode::Fp16 ? QStringLiteral("fp16") : QStringLiteral("bf16");
    choice.note = std::move(note);
    choice.lossScaling = mode == PrecisionChoice::Mode::Fp16;
    return choice;
}

// On a GPU: bf16 where it computes it (Ampere on), else fp16 with loss scaling (auto's rule,
// as torch.cuda.is_bf16_supported() decides).
std::optional<PrecisionChoice> chooseOnGpu(TrainingConfig::Precision wanted, QString *error)
{
    using P = TrainingConfig::Precision;
    using M = PrecisionChoice::Mode;
    const bool bf16 = gpuHasBf16();
    if (wanted == P::Fp32)
        return PrecisionChoice();
    if (wanted == P::Fp16)
        return lowPrecision(M::Fp16, torch::kCUDA, QString());
    if (wanted == P::Bf16) {
        if (bf16)
            return lowPrecision(M::Bf16, torch::kCUDA, QString());
        *error = QStringLiteral("train.precision: bf16 needs a GPU of compute capability 8.0 or "
                                "newer (Ampere on); this one has none: set fp16 or auto");
        return std::nullopt;
    }
    return bf16 ? lowPrecision(M::Bf16, torch::kCUDA,
                               QStringLiteral("bf16 autocast: this GPU computes bf16"))
                : lowPrecision(M::Fp16, torch::kCUDA,
                               QStringLiteral("fp16 autocast with loss scaling: this GPU has no "
                                              "bf16"));
}

// LibTorch 2.4 made autocast's switches per device type; the older per-device functions are
// deprecated there.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
bool autocastEnabled(at::DeviceType device)
{
    return at::autocast::is_autocast_enabled(device);
}
at::ScalarType autocastType(at::DeviceType device)
{
    return at::autocast::get_autocast_dtype(device);
}
void setAutocast(at::DeviceType device, bool on, at::ScalarType type)
{
    at::autocast::set_autocast_dtype(device, type);
    at::autocast::set_autocast_enabled(device, on);
}
#else
bool autocastEnabled(at::DeviceType device)
{
    return device == at::kCUDA ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled();
}
at::ScalarType autocastType(at::DeviceType device)
{
    return device == at::kCUDA ? at::autocast::get_autocast_gpu_dtype()
                               : at::autocast::get_autocast_cpu_dtype();
}
void setAutocast(at::DeviceType device, bool on, at::ScalarType type)
{
    if (device == at::kCUDA) {
        at::autocast::set_autocast_gpu_dtype(type);
        at::autocast::set_enabled(on);
    } else {
        at::autocast::set_autocast_cpu_dtype(type);
        at::autocast::set_cpu_enabled(on);
    }
}
#endif

} // namespace

QString precisionSettingName(TrainingConfig::Precision precision)
{
    switch (precision) {
    case TrainingConfig::Precision::Auto:
        return QStringLiteral("auto");
    case TrainingConfig::Precision::Fp32:
        return QStringLiteral("fp32");
    case TrainingConfig::Precision::Bf16:
        return QStringLiteral("bf16");
    case TrainingConfig::Precision::Fp16:
        return QStringLiteral("fp16");
    }
    return QString();
}

bool gpuHasBf16()
{
    return at::detail::getCUDAHooks().supportsBFloat16ConvolutionWithCuDNNv8();
}

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
    if (device.is_cuda())
        return chooseOnGpu(wanted, error);
    if (wanted == P::Fp16) {
        *error = QStringLiteral("train.precision: fp16 needs a CUDA GPU; on a CPU use bf16 or "
                                "fp32");
        return std::nullopt;
    }
    const bool native = cpuHasNativeBf16();
    if (wanted == P::Bf16)
        return lowPrecision(PrecisionChoice::Mode::Bf16, torch::kCPU,
                            native ? QString()
                                   : QStringLiteral("this CPU has no native bf16 (avx512_bf16 "
                                                    "or AMX): bf16 is emulated and slower than "
                                                    "fp32 here"));
    // auto is fp32 on a CPU: on one with native bf16 (avx512_bf16), whole epochs ran as fast or
    // faster in fp32 than under bf16 autocast (bench/precisionbench.sh): ResNet-18 contiguous,
    // the small CNN and MobileNetV3-Large in channels-last (memoryformat.cpp).
    PrecisionChoice choice;
    choice.lossScaling = testLossScaling(); // failure.h: fp16's steps, tested without a GPU
    if (wanted == P::Auto)
        choice.note = native ? QStringLiteral("fp32: bf16 autocast was measured no faster than "
                                              "fp32 on a CPU")
                             : QStringLiteral("fp32: this CPU has no native bf16");
    return choice;
}

AutocastScope::AutocastScope(const PrecisionChoice &choice)
    : m_on(choice.autocasts()), m_device(choice.device), m_was(autocastEnabled(m_device)),
      m_dtype(autocastType(m_device))
{
    if (m_on)
        setAutocast(m_device, true,
                    choice.mode == PrecisionChoice::Mode::Fp16 ? at::kHalf : at::kBFloat16);
}

AutocastScope::~AutocastScope()
{
    if (!m_on)
        return;
    setAutocast(m_device, m_was, m_dtype);
    if (!m_was)
        at::autocast::clear_cache();
}

} // namespace masklab::trainer
