#pragma once
// The arithmetic of a run's forward passes (internal to the trainer): fp32, or autocast in bf16
// or fp16 (matrix products and convolutions in the low precision; the weights, the loss and the
// optimizer in fp32, as torch.autocast does). fp16 also scales the loss (lossscaler.h). Chosen
// once per run from train.precision and the device.

#include "torchapi.h"
#include "trainconfig.h"

#include <optional>

namespace masklab::trainer {

struct PrecisionChoice
{
    enum class Mode
    {
        Fp32,
        Bf16,
        Fp16
    };
    Mode mode = Mode::Fp32;
    torch::DeviceType device = torch::kCPU; // where autocast applies
    QString name = QStringLiteral("fp32");  // for the device line, status.json and the log
    QString note;                           // why auto chose it, or what it fell back from
    bool lossScaling = false;               // fp16's narrow range needs it (lossscaler.h)

    bool autocasts() const { return mode != Mode::Fp32; }
};

// Nothing when the config asks for what the device cannot do (error says which and why): fp16
// without a CUDA GPU, bf16 on a GPU older than Ampere.
std::optional<PrecisionChoice> choosePrecision(const TrainConfig &config,
                                               const torch::Device &device, QString *error);

// train.precision's word for the setting: "auto", "fp32", "bf16" or "fp16".
QString precisionSettingName(TrainingConfig::Precision precision);

// Whether this CPU computes bf16 natively (avx512_bf16 or AMX), where oneDNN's bf16
// convolutions are faster than fp32 ones.
bool cpuHasNativeBf16();

// Whether the current CUDA device computes bf16 (compute capability 8.0 or newer).
bool gpuHasBf16();

// Autocast on the choice's device while it lives (when the choice autocasts); the previous
// state after.
class AutocastScope
{
public:
    explicit AutocastScope(const PrecisionChoice &choice);
    ~AutocastScope();
    AutocastScope(const AutocastScope &) = delete;
    AutocastScope &operator=(const AutocastScope &) = delete;

private:
    bool m_on;
    at::DeviceType m_device;
    bool m_was;
    at::ScalarType m_dtype;
};

} // namespace masklab::trainer
