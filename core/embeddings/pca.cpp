#include "pca.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>

namespace masklab {

PcaProjection projectOnPrincipalComponents(const std::vector<float> &values, int rows, int dims,
                                           int components)
{
    PcaProjection projection;
    projection.components = std::max(0, std::min({components, dims, rows}));
    if (projection.components == 0)
        return projection;
    const cv::Mat data(rows, dims, CV_32F, const_cast<float *>(values.data()));
    const cv::PCA pca(data, cv::noArray(), cv::PCA::DATA_AS_ROW, projection.components);
    cv::Mat projected = pca.project(data);
    projected = projected.isContinuous() ? projected : projected.clone();
    projection.points.assign(projected.ptr<float>(), projected.ptr<float>() + projected.total());
    // cv::PCA keeps only the kept components' eigenvalues: the total is the data's variance.
    cv::Mat mean, variance;
    double total = 0;
    for (int d = 0; d < dims; ++d) {
        cv::meanStdDev(data.col(d), mean, variance);
        total += variance.at<double>(0) * variance.at<double>(0);
    }
    for (int c = 0; c < projection.components; ++c)
        projection.explained.push_back(total > 0 ? double(pca.eigenvalues.at<float>(c)) / total
                                                 : 0.0);
    return projection;
}

std::vector<float> normalizedRows(const std::vector<float> &values, int rows, int dims)
{
    std::vector<float> out(values);
    for (int r = 0; r < rows; ++r) {
        float *row = out.data() + size_t(r) * size_t(dims);
        double sum = 0;
        for (int d = 0; d < dims; ++d)
            sum += double(row[d]) * row[d];
        const float scale = sum > 0 ? float(1.0 / std::sqrt(sum)) : 0.f;
        for (int d = 0; d < dims; ++d)
            row[d] *= scale;
    }
    return out;
}

} // namespace masklab
