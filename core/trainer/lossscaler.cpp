#include "lossscaler.h"

namespace masklab::trainer {

torch::Tensor LossScaler::scaled(const torch::Tensor &loss) const
{
    return m_enabled ? loss * m_state.scale : loss;
}

bool LossScaler::unscale(const std::vector<torch::Tensor> &parameters) const
{
    if (!m_enabled)
        return true;
    torch::NoGradGuard noGrad;
    const double inverse = 1.0 / m_state.scale;
    torch::Tensor nonFinite; // one flag on the device: a single sync at the end
    for (const torch::Tensor &p : parameters) {
        torch::Tensor grad = p.grad();
        if (!grad.defined())
            continue;
        grad.mul_(inverse);
        const torch::Tensor bad = torch::isfinite(grad).logical_not().any();
        nonFinite = nonFinite.defined() ? nonFinite.logical_or(bad) : bad;
    }
    return !nonFinite.defined() || !nonFinite.item<bool>();
}

void LossScaler::update(bool finite)
{
    if (!m_enabled)
        return;
    if (!finite) {
        m_state.scale *= kBackoffFactor;
        m_state.cleanSteps = 0;
        ++m_state.skippedSteps;
        ++m_skippedInARow;
        return;
    }
    m_skippedInARow = 0;
    if (++m_state.cleanSteps == kGrowthInterval) {
        m_state.scale *= kGrowthFactor;
        m_state.cleanSteps = 0;
    }
}

} // namespace masklab::trainer
