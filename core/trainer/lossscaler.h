#pragma once
// fp16 training's dynamic loss scale, kept as PyTorch's GradScaler keeps it. The loss is
// multiplied by the scale before backward, so that small gradients survive fp16's narrow range;
// the gradients are divided by it before the step. A step whose gradients (or loss) are not
// finite is skipped and the scale halved; after growthInterval clean steps in a row it doubles.
// Internal to the trainer.

#include "torchapi.h"

#include <vector>

namespace masklab::trainer {

// What last.pt keeps of it, so that a resumed fp16 run scales as the uninterrupted one would.
struct LossScaleState
{
    double scale = 65536;     // torch.cuda.amp.GradScaler's init_scale, 2^16
    int64_t cleanSteps = 0;   // finite steps since the scale last changed
    int64_t skippedSteps = 0; // steps skipped for overflow, in all
};

class LossScaler
{
public:
    static constexpr int64_t kGrowthInterval = 2000; // GradScaler's defaults
    static constexpr double kGrowthFactor = 2.0;
    static constexpr double kBackoffFactor = 0.5;

    explicit LossScaler(bool enabled = false) : m_enabled(enabled) {}
    bool enabled() const { return m_enabled; }

    torch::Tensor scaled(const torch::Tensor &loss) const;
    // Divides every gradient by the scale; whether all of them are finite.
    bool unscale(const std::vector<torch::Tensor> &parameters) const;
    // After a step (finite) or a skipped one: the scale for the next.
    void update(bool finite);
    // Skipped steps in a row: a loss that never becomes finite again is a diverged run.
    int64_t skippedInARow() const { return m_skippedInARow; }

    const LossScaleState &state() const { return m_state; }
    void restore(const LossScaleState &state) { m_state = state; }

private:
    bool m_enabled;
    LossScaleState m_state;
    int64_t m_skippedInARow = 0;
};

} // namespace masklab::trainer
