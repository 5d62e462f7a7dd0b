#pragma once
// The classifiers: torchvision's ResNet-18/34/50, EfficientNet-B0/B3 and MobileNetV3-Large (same
// module and parameter names, so a torchvision state dict loads by name) and a small CNN for
// quick runs, each with either one 18-way head or three heads (mask 3, gender 2, age 3)
// combined into the 18 classes.

#include "torchapi.h"
#include "trainconfig.h"

#include <memory>

namespace masklab::trainer {

// torchvision's BasicBlock (ResNet-18/34) and Bottleneck (ResNet-50).
struct BlockImpl : torch::nn::Module
{
    BlockImpl(int64_t inPlanes, int64_t planes, int64_t stride, bool bottleneck);
    torch::Tensor forward(torch::Tensor x);

    bool bottleneck;
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
    torch::nn::Sequential downsample{nullptr};
};
TORCH_MODULE(Block);

class ClassifierImpl : public torch::nn::Module
{
public:
    explicit ClassifierImpl(const ModelConfig &config);

    // Logits over the 18 classes (the multi-head output is combined by log-probabilities).
    torch::Tensor forward(torch::Tensor images);
    // The per-task logits of the multi-head model (mask, gender, age); empty for single.
    std::vector<torch::Tensor> taskLogits(torch::Tensor images);
    // Everything but the classifier, for freeze-the-backbone epochs.
    std::vector<torch::Tensor> backboneParameters();
    bool isMultiHead() const { return m_multi; }
    // The parameter names' prefix of the last layer, replaced when pretrained weights were
    // made for another number of classes: "fc.", "classifier.1." or "classifier.3.".
    const std::string &headPrefix() const { return m_headPrefix; }

private:
    torch::Tensor features(torch::Tensor images);
    torch::Tensor head(torch::Tensor pooled);
    void buildResNet(ModelConfig::Architecture architecture);
    void buildSmallCnn(int width);

    bool m_multi;
    bool m_small;
    std::string m_headPrefix = "fc.";
    int64_t m_featureCount = 0;
    // ResNet parts, torchvision's names: conv1, bn1, layer1..layer4, fc.
    torch::nn::Conv2d conv1{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr};
    torch::nn::Sequential layer1{nullptr}, layer2{nullptr}, layer3{nullptr}, layer4{nullptr};
    // Small CNN.
    torch::nn::Sequential body{nullptr};
    // ResNet and small CNN head: single: 18 outputs; multi: 3 + 2 + 3 = 8.
    torch::nn::Dropout dropout{nullptr};
    torch::nn::Linear fc{nullptr};
    // EfficientNet and MobileNetV3, torchvision's names: features, then classifier (the head).
    torch::nn::Sequential mobileFeatures{nullptr}, classifier{nullptr};
};
TORCH_MODULE(Classifier);

// Combines per-task logits into 18-class logits: log p(mask) + log p(gender) + log p(age),
// ordered as class = mask * 6 + gender * 3 + age.
torch::Tensor combineTaskLogits(const torch::Tensor &mask, const torch::Tensor &gender,
                                const torch::Tensor &age);

} // namespace masklab::trainer
