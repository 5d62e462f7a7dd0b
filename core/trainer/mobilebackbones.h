#pragma once
// torchvision's EfficientNet-B0/B3 and MobileNetV3-Large feature extractors, module for module
// (features.N.M.block.K...), so torchvision's ImageNet files load by name and MaskLab's exports
// load back into torchvision. Their heads (classifier.*) are built by the Classifier.

#include "torchapi.h"

namespace masklab::trainer {

// A Sequential that can sit inside another (LibTorch's own forward is a template, which
// Sequential::push_back cannot store); its children are named 0, 1, ... as in PyTorch.
struct NestedSequentialImpl : torch::nn::SequentialImpl
{
    using SequentialImpl::SequentialImpl;
    torch::Tensor forward(torch::Tensor x) { return SequentialImpl::forward(x); }
};
TORCH_MODULE(NestedSequential);

// torchvision's SqueezeExcitation: fc1 and fc2 are 1x1 convolutions with bias.
struct SqueezeExcitationImpl : torch::nn::Module
{
    SqueezeExcitationImpl(int64_t channels, int64_t squeezed, bool hardSigmoid);
    torch::Tensor forward(torch::Tensor x);

    torch::nn::Conv2d fc1{nullptr}, fc2{nullptr};
    bool hardSigmoid; // MobileNetV3: ReLU and hardsigmoid; EfficientNet: SiLU and sigmoid
};
TORCH_MODULE(SqueezeExcitation);

// EfficientNet's MBConv and MobileNetV3's InvertedResidual: block, then the residual when the
// shape allows, through stochastic depth ("row" mode) while training.
struct InvertedResidualImpl : torch::nn::Module
{
    InvertedResidualImpl(NestedSequential block, bool residual, double dropProbability);
    torch::Tensor forward(torch::Tensor x);

    NestedSequential block;
    bool residual;
    double dropProbability;
};
TORCH_MODULE(InvertedResidual);

struct MobileBackbone
{
    torch::nn::Sequential features;
    int64_t channels; // of the last feature map
};

// width 1.0, depth 1.0: B0; width 1.2, depth 1.4: B3.
MobileBackbone efficientNet(double widthMultiplier, double depthMultiplier);
MobileBackbone mobileNetV3Large();

} // namespace masklab::trainer
