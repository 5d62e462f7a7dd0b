// Stand-in for CUDA's header, declarations only: lets tests/CMakeLists.txt compile the NCCL
// process group (core/trainer/ncclcollectives.cpp) against a CPU LibTorch. Never linked or run.
#pragma once
typedef enum
{
    CUSOLVER_STATUS_SUCCESS = 0
} cusolverStatus_t;
struct cusolverDnContext;
typedef cusolverDnContext *cusolverDnHandle_t;
