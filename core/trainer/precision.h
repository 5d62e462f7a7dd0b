#pragma once
// The arithmetic of a run's forward passes (internal to the trainer): fp32, or bf16 autocast
// (matrix products and convolutions in bfloat16, the weights, the loss and the optimizer in
// fp32, as torch.autocast does). Chosen once per run from train.precision and the device.

#include "torchapi.h"
#include "trainconfig.h"

#include <optional>

namespace masklab::trainer {

struct PrecisionChoice
{
    bool bf16 = false;
    QString name = QStringLiteral("fp32"); // for the device line, status.json and the log
    QString note;                          // why auto chose it, or what it fell back from
};

// Nothing when the config asks for what the device cannot do (error says which and why): fp16
// without a CUDA GPU, bf16 on a GPU (not yet: fp32 there until it is proven on one).
std::optional<PrecisionChoice> choosePrecision(const TrainConfig &config,
                                               const torch::Device &device, QString *error);

// Whether this CPU computes bf16 natively (avx512_bf16 or AMX), where oneDNN's bf16
// convolutions are faster than fp32 ones.
bool cpuHasNativeBf16();

// bf16 autocast on the CPU while it lives (when the choice says so); the previous state after.
class AutocastScope
{
public:
    explicit AutocastScope(const PrecisionChoice &choice);
    ~AutocastScope();
    AutocastScope(const AutocastScope &) = delete;
    AutocastScope &operator=(const AutocastScope &) = delete;

private:
    bool m_on;
    bool m_was;
    at::ScalarType m_dtype;
};

} // namespace masklab::trainer
