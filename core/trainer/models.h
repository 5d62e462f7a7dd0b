#pragma once
// The classifiers: torchvision's ResNet-18/34/50, EfficientNet-B0/B3 and MobileNetV3-Large (same
// module and parameter names, so a torchvision state dict loads by name) and a small CNN for
// quick runs, each with either one 18-way head or three heads (mask 3, gender 2, age 3 groups or
// one output per year of age) combined into the 18 classes.

#include "labels.h"
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
    // ages: the age groups a years head sums its years into (the run's thresholds).
    explicit ClassifierImpl(const ModelConfig &config, const AgeThresholds &ages = {});

    // Logits over the 18 classes (the multi-head output is combined by log-probabilities).
    torch::Tensor forward(torch::Tensor images);
    // The per-task logits of the multi-head model (mask, gender, age: 3 groups or kAgeYears
    // years); empty for single.
    std::vector<torch::Tensor> taskLogits(torch::Tensor images);
    // The penultimate layer: the backbone's globally pooled features, before dropout and the
    // heads (what the embeddings map shows).
    torch::Tensor embed(torch::Tensor images) { return features(std::move(images)); }
    // The last convolutional layer's output (N x C x h x w), before the global pooling: where
    // Grad-CAM looks. classifyMap() is forward() from it.
    torch::Tensor featureMap(torch::Tensor images);
    torch::Tensor classifyMap(const torch::Tensor &map);
    // The 18-class logits from embed()'s features: forward() without a second pass.
    torch::Tensor classify(const torch::Tensor &features);
    // forward() from taskLogits(), so a loss can use both without a second pass.
    torch::Tensor combine(const std::vector<torch::Tensor> &tasks) const;
    bool hasYearsHead() const { return m_ageOutputs == kAgeYears; }
    // The years head's groups: young [0, middleFrom), middle [middleFrom, oldFrom), old the rest.
    const AgeThresholds &ageBounds() const { return m_ageBounds; }
    static constexpr int64_t kAgeYears = 100; // ages 0..98, and 99 for 99 and over
    // Everything but the classifier, for freeze-the-backbone epochs.
    std::vector<torch::Tensor> backboneParameters();
    bool isMultiHead() const { return m_multi; }
    // The parameter names' prefix of the last layer, replaced when pretrained weights were
    // made for another number of classes: "fc.", "classifier.1." or "classifier.3.".
    const std::string &headPrefix() const { return m_headPrefix; }
    // Lays the convolution weights out channels-last (NHWC) and has every forward pass take its
    // images so (memoryformat.h), or back to contiguous. A checkpoint loaded later brings the
    // layout it was saved in: set it after loading.
    void setChannelsLast(bool on);

private:
    torch::Tensor features(torch::Tensor images);
    torch::Tensor head(torch::Tensor pooled);
    void buildResNet(ModelConfig::Architecture architecture);
    void buildSmallCnn(int width);

    bool m_multi;
    bool m_small;
    int64_t m_ageOutputs = 3;
    AgeThresholds m_ageBounds;
    std::string m_headPrefix = "fc.";
    int64_t m_featureCount = 0;
    bool m_channelsLast = false;
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

// The config's model, its years head (if any) grouped at the config's age thresholds (a run's
// config records the ones it trained with; else the default 30 and 60).
Classifier makeClassifier(const TrainConfig &config);

// Combines per-task logits into 18-class logits: log p(mask) + log p(gender) + log p(age),
// ordered as class = mask * 6 + gender * 3 + age.
torch::Tensor combineTaskLogits(const torch::Tensor &mask, const torch::Tensor &gender,
                                const torch::Tensor &age);
// A years head's logits as age-group log-probabilities: each group's years summed.
torch::Tensor ageGroupLogits(const torch::Tensor &years, const AgeThresholds &bounds);

} // namespace masklab::trainer
