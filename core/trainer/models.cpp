#include "models.h"

#include "mobilebackbones.h"

#include <algorithm>

namespace masklab::trainer {

namespace nn = torch::nn;

namespace {
nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding)
{
    return nn::Conv2d(
        nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(false));
}

int64_t blockExpansion(bool bottleneck)
{
    return bottleneck ? 4 : 1;
}

// The thresholds within the years head's range, each group at least one year wide.
AgeThresholds yearsBounds(const AgeThresholds &ages)
{
    const int last = int(ClassifierImpl::kAgeYears) - 1;
    const int middle = std::clamp(ages.middleFrom, 1, last - 1);
    return {middle, std::clamp(ages.oldFrom, middle + 1, last)};
}
} // namespace

BlockImpl::BlockImpl(int64_t inPlanes, int64_t planes, int64_t stride, bool bottleneck_)
    : bottleneck(bottleneck_)
{
    const int64_t out = planes * blockExpansion(bottleneck);
    if (bottleneck) { // 1x1 reduce, 3x3 (stride here, as torchvision), 1x1 expand
        conv1 = register_module("conv1", conv(inPlanes, planes, 1, 1, 0));
        bn1 = register_module("bn1", nn::BatchNorm2d(planes));
        conv2 = register_module("conv2", conv(planes, planes, 3, stride, 1));
        bn2 = register_module("bn2", nn::BatchNorm2d(planes));
        conv3 = register_module("conv3", conv(planes, out, 1, 1, 0));
        bn3 = register_module("bn3", nn::BatchNorm2d(out));
    } else {
        conv1 = register_module("conv1", conv(inPlanes, planes, 3, stride, 1));
        bn1 = register_module("bn1", nn::BatchNorm2d(planes));
        conv2 = register_module("conv2", conv(planes, planes, 3, 1, 1));
        bn2 = register_module("bn2", nn::BatchNorm2d(planes));
    }
    if (stride != 1 || inPlanes != out)
        downsample = register_module(
            "downsample", nn::Sequential(conv(inPlanes, out, 1, stride, 0), nn::BatchNorm2d(out)));
}

torch::Tensor BlockImpl::forward(torch::Tensor x)
{
    torch::Tensor y = torch::relu(bn1(conv1(x)));
    if (bottleneck) {
        y = torch::relu(bn2(conv2(y)));
        y = bn3(conv3(y));
    } else {
        y = bn2(conv2(y));
    }
    return torch::relu(y + (downsample ? downsample->forward(x) : x));
}

ClassifierImpl::ClassifierImpl(const ModelConfig &config, const AgeThresholds &ages)
    : m_multi(config.head == ModelConfig::Head::Multi),
      m_small(config.architecture == ModelConfig::Architecture::SmallCnn),
      m_ageOutputs(m_multi && config.ageHead == ModelConfig::AgeHead::Years ? kAgeYears : 3),
      m_ageBounds(yearsBounds(ages))
{
    using A = ModelConfig::Architecture;
    const int64_t outputs = m_multi ? 3 + 2 + m_ageOutputs : kClassCount;
    MobileBackbone mobile{nullptr, 0};
    switch (config.architecture) {
    case A::SmallCnn:
        buildSmallCnn(config.width);
        break;
    case A::ResNet18:
    case A::ResNet34:
    case A::ResNet50:
        buildResNet(config.architecture);
        break;
    case A::EfficientNetB0:
        mobile = efficientNet(1.0, 1.0);
        break;
    case A::EfficientNetB3:
        mobile = efficientNet(1.2, 1.4);
        break;
    case A::MobileNetV3Large:
        mobile = mobileNetV3Large();
        break;
    }
    if (!mobile.features) {
        dropout = register_module("dropout", nn::Dropout(config.dropout));
        fc = register_module("fc", nn::Linear(m_featureCount, outputs));
        return;
    }
    mobileFeatures = register_module("features", mobile.features);
    nn::Sequential head;
    if (config.architecture == A::MobileNetV3Large) { // Linear 960-1280, hardswish, dropout
        head->push_back(nn::Linear(mobile.channels, 1280));
        head->push_back(nn::Functional(
            static_cast<torch::Tensor (*)(const torch::Tensor &)>(torch::hardswish)));
        head->push_back(nn::Dropout(config.dropout));
        head->push_back(nn::Linear(1280, outputs));
        m_headPrefix = "classifier.3.";
    } else {
        head->push_back(nn::Dropout(config.dropout));
        head->push_back(nn::Linear(mobile.channels, outputs));
        m_headPrefix = "classifier.1.";
    }
    classifier = register_module("classifier", head);
}

void ClassifierImpl::buildSmallCnn(int width)
{
    // Four conv-bn-relu-pool stages of width, 2, 4 and 8 x width channels, then one more
    // conv-bn-relu at the smallest scale to 16 x width: most of the cost is in the first
    // stages' large maps, so a narrow start buys epochs and the last conv buys capacity.
    nn::Sequential stages;
    int64_t in = 3;
    for (int64_t out : {1, 2, 4, 8}) {
        out *= width;
        stages->push_back(conv(in, out, 3, 1, 1));
        stages->push_back(nn::BatchNorm2d(out));
        stages->push_back(nn::ReLU());
        stages->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2)));
        in = out;
    }
    stages->push_back(conv(in, 2 * in, 3, 1, 1));
    stages->push_back(nn::BatchNorm2d(2 * in));
    stages->push_back(nn::ReLU());
    body = register_module("body", stages);
    m_featureCount = 2 * in;
}

void ClassifierImpl::buildResNet(ModelConfig::Architecture architecture)
{
    const bool bottleneck = architecture == ModelConfig::Architecture::ResNet50;
    const std::vector<int> blocks = architecture == ModelConfig::Architecture::ResNet18
                                        ? std::vector<int>{2, 2, 2, 2}
                                        : std::vector<int>{3, 4, 6, 3};
    conv1 = register_module("conv1", conv(3, 64, 7, 2, 3));
    bn1 = register_module("bn1", nn::BatchNorm2d(64));
    int64_t inPlanes = 64;
    auto layer = [&](int64_t planes, int count, int64_t stride) {
        nn::Sequential seq;
        for (int i = 0; i < count; ++i) {
            seq->push_back(Block(inPlanes, planes, i == 0 ? stride : 1, bottleneck));
            inPlanes = planes * blockExpansion(bottleneck);
        }
        return seq;
    };
    layer1 = register_module("layer1", layer(64, blocks[0], 1));
    layer2 = register_module("layer2", layer(128, blocks[1], 2));
    layer3 = register_module("layer3", layer(256, blocks[2], 2));
    layer4 = register_module("layer4", layer(512, blocks[3], 2));
    m_featureCount = inPlanes;
}

torch::Tensor ClassifierImpl::features(torch::Tensor x)
{
    return torch::adaptive_avg_pool2d(featureMap(std::move(x)), {1, 1}).flatten(1);
}

torch::Tensor ClassifierImpl::classifyMap(const torch::Tensor &map)
{
    return classify(torch::adaptive_avg_pool2d(map, {1, 1}).flatten(1));
}

void ClassifierImpl::setChannelsLast(bool on)
{
    m_channelsLast = on;
    const torch::MemoryFormat format =
        on ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
    torch::NoGradGuard noGrad;
    for (torch::Tensor &weight : parameters())
        if (weight.dim() == 4) // the convolutions' (out, in, h, w)
            weight.set_data(weight.contiguous(format));
}

torch::Tensor ClassifierImpl::featureMap(torch::Tensor x)
{
    if (m_channelsLast) // the convolutions then keep NHWC all the way
        x = x.contiguous(torch::MemoryFormat::ChannelsLast);
    if (m_small) {
        x = body->forward(x);
    } else if (mobileFeatures) {
        x = mobileFeatures->forward(x);
    } else {
        x = torch::relu(bn1(conv1(x)));
        x = torch::max_pool2d(x, 3, 2, 1);
        x = layer4->forward(layer3->forward(layer2->forward(layer1->forward(x))));
    }
    return x;
}

torch::Tensor ClassifierImpl::head(torch::Tensor pooled)
{
    return classifier ? classifier->forward(pooled) : fc(dropout(pooled));
}

std::vector<torch::Tensor> ClassifierImpl::taskLogits(torch::Tensor images)
{
    if (!m_multi)
        return {};
    const torch::Tensor out = head(features(images)).to(torch::kFloat);
    return {out.narrow(1, 0, 3), out.narrow(1, 3, 2), out.narrow(1, 5, m_ageOutputs)};
}

torch::Tensor ClassifierImpl::combine(const std::vector<torch::Tensor> &tasks) const
{
    const torch::Tensor age = hasYearsHead() ? ageGroupLogits(tasks[2], m_ageBounds) : tasks[2];
    return combineTaskLogits(tasks[0], tasks[1], age);
}

torch::Tensor ClassifierImpl::forward(torch::Tensor images)
{
    return classify(features(images));
}

torch::Tensor ClassifierImpl::classify(const torch::Tensor &pooled)
{
    // In fp32 from the head on, under bf16 autocast too: the log-probabilities and the loss.
    const torch::Tensor out = head(pooled).to(torch::kFloat);
    if (!m_multi)
        return out;
    return combine({out.narrow(1, 0, 3), out.narrow(1, 3, 2), out.narrow(1, 5, m_ageOutputs)});
}

std::vector<torch::Tensor> ClassifierImpl::backboneParameters()
{
    std::vector<torch::Tensor> params;
    for (const auto &item : named_parameters()) {
        if (item.key().rfind(m_headPrefix, 0) != 0)
            params.push_back(item.value());
    }
    return params;
}

Classifier makeClassifier(const TrainConfig &config)
{
    AgeThresholds ages;
    ages.middleFrom = config.data.ageMiddleFrom.value_or(ages.middleFrom);
    ages.oldFrom = config.data.ageOldFrom.value_or(ages.oldFrom);
    return Classifier(config.model, ages);
}

torch::Tensor combineTaskLogits(const torch::Tensor &mask, const torch::Tensor &gender,
                                const torch::Tensor &age)
{
    const torch::Tensor m = torch::log_softmax(mask, 1).view({-1, 3, 1, 1});
    const torch::Tensor g = torch::log_softmax(gender, 1).view({-1, 1, 2, 1});
    const torch::Tensor a = torch::log_softmax(age, 1).view({-1, 1, 1, 3});
    return (m + g + a).view({-1, kClassCount});
}

torch::Tensor ageGroupLogits(const torch::Tensor &years, const AgeThresholds &bounds)
{
    const torch::Tensor logp = torch::log_softmax(years, 1);
    const int64_t middle = bounds.middleFrom, old = bounds.oldFrom, all = years.size(1);
    return torch::stack({logp.narrow(1, 0, middle).logsumexp(1),
                         logp.narrow(1, middle, old - middle).logsumexp(1),
                         logp.narrow(1, old, all - old).logsumexp(1)},
                        1);
}

} // namespace masklab::trainer
