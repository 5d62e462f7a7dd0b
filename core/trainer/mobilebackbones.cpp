#include "mobilebackbones.h"

#include <cmath>

namespace masklab::trainer {

namespace nn = torch::nn;

namespace {

enum class Activation
{
    None,
    ReLU,
    SiLU,
    Hardswish
};

struct Norm // BatchNorm2d options: torchvision's MobileNetV3 uses eps 1e-3, momentum 0.01
{
    double eps = 1e-5;
    double momentum = 0.1;
};

nn::Functional activationModule(Activation activation)
{
    switch (activation) {
    case Activation::ReLU:
        return nn::Functional(static_cast<torch::Tensor (*)(const torch::Tensor &)>(torch::relu));
    case Activation::SiLU:
        return nn::Functional(static_cast<torch::Tensor (*)(const torch::Tensor &)>(torch::silu));
    default:
        return nn::Functional(
            static_cast<torch::Tensor (*)(const torch::Tensor &)>(torch::hardswish));
    }
}

// torchvision's Conv2dNormActivation: conv (no bias) "0", batch norm "1", activation "2".
NestedSequential convNormActivation(int64_t in, int64_t out, int64_t kernel, int64_t stride,
                                    int64_t groups, Norm norm, Activation activation)
{
    NestedSequential seq;
    seq->push_back(nn::Conv2d(nn::Conv2dOptions(in, out, kernel)
                                  .stride(stride)
                                  .padding((kernel - 1) / 2)
                                  .groups(groups)
                                  .bias(false)));
    seq->push_back(
        nn::BatchNorm2d(nn::BatchNormOptions(out).eps(norm.eps).momentum(norm.momentum)));
    if (activation != Activation::None)
        seq->push_back(activationModule(activation));
    return seq;
}

// torchvision's _make_divisible: to a multiple of 8, never below 90% of the value.
int64_t makeDivisible(double value, int64_t divisor = 8)
{
    int64_t rounded = std::max(divisor, int64_t(value + divisor / 2.0) / divisor * divisor);
    if (rounded < 0.9 * value)
        rounded += divisor;
    return rounded;
}

struct BlockShape
{
    int64_t in, expanded, out, kernel, stride;
    bool squeeze;
    Activation activation;
};

// expand 1x1 (when it widens), depthwise kxk, squeeze-excitation, project 1x1 without activation.
NestedSequential invertedBlock(const BlockShape &s, int64_t squeezed, bool hardSigmoid, Norm norm)
{
    NestedSequential block;
    if (s.expanded != s.in)
        block->push_back(convNormActivation(s.in, s.expanded, 1, 1, 1, norm, s.activation));
    block->push_back(convNormActivation(s.expanded, s.expanded, s.kernel, s.stride, s.expanded,
                                        norm, s.activation));
    if (s.squeeze)
        block->push_back(SqueezeExcitation(s.expanded, squeezed, hardSigmoid));
    block->push_back(convNormActivation(s.expanded, s.out, 1, 1, 1, norm, Activation::None));
    return block;
}

} // namespace

SqueezeExcitationImpl::SqueezeExcitationImpl(int64_t channels, int64_t squeezed, bool hardSigmoid_)
    : hardSigmoid(hardSigmoid_)
{
    fc1 = register_module("fc1", nn::Conv2d(nn::Conv2dOptions(channels, squeezed, 1)));
    fc2 = register_module("fc2", nn::Conv2d(nn::Conv2dOptions(squeezed, channels, 1)));
}

torch::Tensor SqueezeExcitationImpl::forward(torch::Tensor x)
{
    torch::Tensor scale = torch::adaptive_avg_pool2d(x, {1, 1});
    scale = fc1(scale);
    scale = hardSigmoid ? torch::relu(scale) : torch::silu(scale);
    scale = fc2(scale);
    scale = hardSigmoid ? torch::hardsigmoid(scale) : torch::sigmoid(scale);
    return x * scale;
}

InvertedResidualImpl::InvertedResidualImpl(NestedSequential block_, bool residual_,
                                           double dropProbability_)
    : block(register_module("block", block_)), residual(residual_),
      dropProbability(dropProbability_)
{
}

torch::Tensor InvertedResidualImpl::forward(torch::Tensor x)
{
    torch::Tensor y = block->forward(x);
    if (!residual)
        return y;
    if (is_training() && dropProbability > 0) { // torchvision's stochastic_depth, "row" mode
        const double survival = 1.0 - dropProbability;
        // One draw per sample (bernoulli(survival) as rand < survival), survivors scaled up.
        const torch::Tensor keep =
            (torch::rand({y.size(0), 1, 1, 1}, y.options()) < survival).to(y.scalar_type());
        y = y * keep / survival;
    }
    return y + x;
}

MobileBackbone efficientNet(double width, double depth)
{
    struct Stage
    {
        int64_t expandRatio, kernel, stride, in, out, layers;
    };
    // EfficientNet-B0's stages (torchvision's _efficientnet_conf), scaled by width and depth.
    const Stage stages[] = {{1, 3, 1, 32, 16, 1},  {6, 3, 2, 16, 24, 2},  {6, 5, 2, 24, 40, 2},
                            {6, 3, 2, 40, 80, 3},  {6, 5, 1, 80, 112, 3}, {6, 5, 2, 112, 192, 4},
                            {6, 3, 1, 192, 320, 1}};
    const Norm norm;
    const double stochasticDepth = 0.2;
    int total = 0;
    for (const Stage &s : stages)
        total += int(std::ceil(s.layers * depth));
    nn::Sequential features;
    features->push_back(
        convNormActivation(3, makeDivisible(32 * width), 3, 2, 1, norm, Activation::SiLU));
    int blockIndex = 0;
    int64_t channels = 0;
    for (const Stage &s : stages) {
        NestedSequential stage;
        const int layers = int(std::ceil(s.layers * depth));
        for (int i = 0; i < layers; ++i) {
            BlockShape shape;
            shape.in = i == 0 ? makeDivisible(s.in * width) : makeDivisible(s.out * width);
            shape.expanded = makeDivisible(double(shape.in * s.expandRatio));
            shape.out = makeDivisible(s.out * width);
            shape.kernel = s.kernel;
            shape.stride = i == 0 ? s.stride : 1;
            shape.squeeze = true;
            shape.activation = Activation::SiLU;
            const bool residual = shape.stride == 1 && shape.in == shape.out;
            const double drop = stochasticDepth * blockIndex++ / total;
            stage->push_back(InvertedResidual(
                invertedBlock(shape, std::max<int64_t>(1, shape.in / 4), false, norm), residual,
                drop));
            channels = shape.out;
        }
        features->push_back(stage);
    }
    features->push_back(
        convNormActivation(channels, 4 * channels, 1, 1, 1, norm, Activation::SiLU));
    return {features, 4 * channels};
}

MobileBackbone mobileNetV3Large()
{
    using A = Activation;
    // torchvision's _mobilenet_v3_conf("mobilenet_v3_large"): in, kernel, expanded, out, SE,
    // activation, stride.
    const BlockShape blocks[] = {
        {16, 16, 16, 3, 1, false, A::ReLU},        {16, 64, 24, 3, 2, false, A::ReLU},
        {24, 72, 24, 3, 1, false, A::ReLU},        {24, 72, 40, 5, 2, true, A::ReLU},
        {40, 120, 40, 5, 1, true, A::ReLU},        {40, 120, 40, 5, 1, true, A::ReLU},
        {40, 240, 80, 3, 2, false, A::Hardswish},  {80, 200, 80, 3, 1, false, A::Hardswish},
        {80, 184, 80, 3, 1, false, A::Hardswish},  {80, 184, 80, 3, 1, false, A::Hardswish},
        {80, 480, 112, 3, 1, true, A::Hardswish},  {112, 672, 112, 3, 1, true, A::Hardswish},
        {112, 672, 160, 5, 2, true, A::Hardswish}, {160, 960, 160, 5, 1, true, A::Hardswish},
        {160, 960, 160, 5, 1, true, A::Hardswish}};
    const Norm norm{0.001, 0.01};
    nn::Sequential features;
    features->push_back(convNormActivation(3, 16, 3, 2, 1, norm, A::Hardswish));
    for (const BlockShape &b : blocks) {
        const bool residual = b.stride == 1 && b.in == b.out;
        features->push_back(InvertedResidual(
            invertedBlock(b, makeDivisible(b.expanded / 4), true, norm), residual, 0.0));
    }
    features->push_back(convNormActivation(160, 960, 1, 1, 1, norm, A::Hardswish));
    return {features, 960};
}

} // namespace masklab::trainer
