// Stand-in for CUDA's header, declarations only: lets tests/CMakeLists.txt compile the NCCL
// process group (core/trainer/ncclcollectives.cpp) against a CPU LibTorch. Never linked or run.
#pragma once
