"""Short log formats people paste, one small fixture each in tests/fixtures/text/formats/ (issue 7: readers must
read every value, NaN included). Each fixture keeps the layout of lines printed by a framework (separators, spacing,
counters and field names exactly as in the public source named below; the numbers are our own, a few lines long).
Each case lists every evidence series (loss, accuracy, error, score) the reader must give, with its split, its axis
(epoch or step), its x values and every value; a series more or less fails the case.

The cases in XFAIL are formats the reader does not read right yet (their expectation is what a person reads); they
are strict xfails, so a reader change that fixes one makes the suite say so."""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from lossdoctor.model import Axis, Kind, Split
from lossdoctor.readers import read

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "formats"
T, V, X, N = Split.TRAIN, Split.VAL, Split.TEST, Split.NONE
E, S = Axis.EPOCH, Axis.STEP
NAN = math.nan
_EVIDENCE = {Kind.LOSS, Kind.ACCURACY, Kind.ERROR_RATE, Kind.ERROR, Kind.SCORE}

SOURCES: dict[str, str] = {
    "gan_bracket_groups_d_g.log":
        "https://github.com/eriklindernoren/ML-From-Scratch/issues/29 (verbatim first lines of the dev corpus log "
        "gh-ml-from-scratch-29-dcgan-nan)",
    "keras_gan_d_acc_g_loss.log":
        "eriklindernoren/Keras-GAN gan.py's print('%d [D loss: %f, acc.: %.2f%%] [G loss: %f]')",
    "vit_cifar_lr_val_loss_acc.log":
        "https://github.com/kentaroy47/vision-transformers-cifar10 log_vit_patch2.txt (verbatim first lines of the dev "
        "corpus log repo-vit-cifar10-kentaroy47-patch2-40ep)",
    "gluoncv_monodepth2_validation_line.log":
        "GluonCV monodepth2 trainer stdout (verbatim lines of the dev corpus log repo-gluoncv-monodepth2-r18-kitti-mono-20ep)",
    "stgcn_eval_epoch_block.log":
        "st-gcn / 2s-AGCN print_log ('[ time.ctime() ] Eval epoch: N', 'Mean test loss of N batches:'; verbatim lines of "
        "the dev corpus log repo-2s-agcn-paddle-ntu-xsub-joint-sgd-step-log)",
    "clock_glued_train_val_lines.log":
        "https://github.com/michuanhaohao/reid-strong-baseline/issues/36 (verbatim: the dev corpus log "
        "gh-reid-baseline-36-acc-zero-loss-falls, a clock time glued to each line)",
    "paddlenlp_evalution_result_lines.log":
        "https://github.com/PaddlePaddle/PaddleNLP/issues/2236 (verbatim: the opened corpus log "
        "gh-paddlenlp-2236-loss-1535-constant)",
    "loss_printed_with_percent.log":
        "https://github.com/rasbt/deeplearning-models/issues/31 (verbatim: the opened corpus log "
        "gh-rasbt-dlmodels-31-vgg16-acc-10pct, 'Loss: 2.520%')",
    "pytorch_tutorial_correct_total_counts.log":
        "the PyTorch CIFAR-10 tutorial's '[%d, %5d] loss: %.3f' print and a test line with counts (verbatim lines of the "
        "opened corpus log repo-jiyidi-lab8-mnist-cnn-10ep)",
    "keras_headerless_bars_callback_glued.log":
        "https://github.com/experiencor/basic-yolo-keras/issues/6 (verbatim first lines of the opened corpus log "
        "gh-yolov2-6-overfit-after-two-epochs: Keras bars without 'Epoch n/N', ModelCheckpoint text glued)",
    "det3d_loss_parse_time.log":
        "https://github.com/tianweiy/CenterPoint/issues/92 (verbatim first lines of the opened corpus log "
        "gh-centerpoint-92-loss-not-decrease)",
    "lipreading_v_acc_best_acc.log":
        "https://github.com/Fengdalu/learn-an-effective-lip-reading-model-without-pains/issues/19 (verbatim first lines "
        "of the dev corpus log gh-lipreading-lrw-19-ce-from-ln500-rises-acc0)",
    "coursera_cost_after_epoch_br.log":
        "deeplearning.ai's Coursera notebooks (Course 4 Week 1 'Convolution model - Application': print('Cost after "
        "epoch %i: %f' % (epoch, minibatch_cost))), the output rendered with '<br>' line ends",
    "basicsr_message_logger.log":
        "BasicSR basicsr/utils/logger.py MessageLogger ('[name..][epoch:{:3d}, iter:{:8,d}, lr:(..)] [eta: .., time "
        "(data): ..] l_pix: {:.4e}') and its 'Validation <set>' / '# psnr:' block",
    "paddle_workerlog.0":
        "PaddlePaddle's distributed launcher log of rank 0 ('log/workerlog.0'), PaddleNLP run_glue.py's 'global step "
        "%d/%d, epoch: %d, batch: %d, rank_id: %s, loss: %f, lr: %.10f, speed: %.4f step/s'",
    "bayesflow_printed_loss_list.log":
        "https://github.com/bayesflow-org/bayesflow/issues/23 (verbatim start of the opened corpus log "
        "gh-bayesflow-23-loss-blow-up)",
    "fastai07_fit_rows_no_header.log":
        "https://github.com/ljknight/fastai_dl1/blob/master/courses/dl1/lesson1.ipynb (verbatim: the opened corpus log "
        "nb-fastai07-lesson1-dogscats-3ep)",
    "videopose3d_split_named_mpjpe.log":
        "https://github.com/zczcwh/PoseFormer/issues/4 (verbatim first lines of the opened corpus log "
        "gh-poseformer-4-maintainer-log-10ep; VideoPose3D's run.py prints the same line)",
    "faster_rcnn_pytorch_three_line_losses.log":
        "https://github.com/jwyang/faster-rcnn.pytorch/issues/541 (verbatim: trainval_net.py's three lines per "
        "iteration of a cascade fork, the loss terms 'rpn_cls: .., rcnn_box ..' on the third)",
    "det3d_counter_line_then_losses.log":
        "https://github.com/V2AI/Det3D/issues/108 (verbatim first two iterations: the counter line, then the losses)",
    "hf_model_card_results_pre_tabs_no_log.md":
        "the Hugging Face model card of xtremedistil-l6-h384-emotion (fine-tuned from "
        "https://huggingface.co/microsoft/xtremedistil-l6-h384-uncased on the emotion dataset; verbatim: its "
        "'Training results' table in a <pre> block, tab-separated, 'No log' before the first logged training loss)",
    "bracketed_names_epoch_batch_loss.log":
        "no public log found; the layout of a print that brackets each name ('[epoch]: %d, [batch]: %d, [loss]: %.4f', "
        "as the DQN game trainers' '[STATE]: training, [ITER]: %d, [LOSS]: %.3f'), numbers our own",
    "hf_trainer_dicts_full_width_punctuation.log":
        "no public log found; Hugging Face Trainer's printed dicts with the full-width colon and comma (U+FF1A, "
        "U+FF0C) that Chinese input methods type, numbers our own",
    "simpletransformers_running_loss_then_table.log":
        "https://github.com/ThilinaRajapakse/simpletransformers/issues/234 (verbatim: the dev corpus log "
        "gh-simpletransformers-234-bert-multilabel, 'Running loss:' prints, then training_progress_scores.csv as a "
        "'-- | --' pipe table)",
    "pytorch_word_language_model.log":
        "pytorch/examples word_language_model/main.py's '| epoch N | b/ B batches | ... | loss x | ppl y' lines",
    "accelerate_tqdm_steps_postfix_nan.log":
        "https://github.com/JyChen9811/FaithDiff/issues/34",
    "caffe_iteration_rate_loss.log":
        "Caffe 1.0 solver.cpp 'Iteration N (x iter/s, ys/100 iters), loss = ' lines",
    "detectron1_json_stats.log":
        "https://github.com/facebookresearch/Detectron/issues/247",
    "detectron2_events.log":
        "https://github.com/facebookresearch/detectron2/issues/195",
    "espnet2_trainer_epoch_results.log":
        "https://github.com/espnet/espnet/issues/2674",
    "espnet_iterations_train_loss.log":
        "https://github.com/espnet/espnet/issues/3370",
    "fairseq_epoch_progress_pipe.log":
        "https://github.com/facebookresearch/fairseq/issues/940",
    "fairseq_epoch_summary_pipe.log":
        "https://github.com/facebookresearch/fairseq/issues/514",
    "fairseq_lua_style_progress.log":
        "https://github.com/facebookresearch/fairseq/issues/301",
    "fastai2_recorder_table.log":
        "fastai v2 Recorder table (fine_tune output)",
    "flax_clu_logging_writer.log":
        "https://github.com/google/flax/issues/3364",
    "flax_mnist_epoch_print.log":
        "flax examples/mnist train.py's per-epoch logging line",
    "gluoncv_epoch_batch_no_total.log":
        "GluonCV scripts/pose/simple_pose/train_simple_pose.py log lines (format of a sealed corpus log)",
    "keras1_verbose1_samples.log":
        "Keras 1.x fit(verbose=1) with validation_data (samples counter)",
    "keras2_tf_verbose1_then_evaluate.log":
        "tf.keras 2.x fit(verbose=1) then evaluate()",
    "keras2_tf_verbose2_per_epoch.log":
        "tf.keras 2.x fit(verbose=2) ('4s/epoch - 2ms/step')",
    "lightning1_bar_colab_no_pipes.log":
        "https://github.com/aws-samples/sagemaker-distributed-training-workshop/issues/6",
    "lightning1_bar_running_loss.log":
        "https://github.com/Lightning-AI/pytorch-lightning/issues/4225",
    "lightning2_bar_epoch_end.log":
        "Lightning 2.x TQDMProgressBar, finished epoch bars (v_num, train_loss, val_*)",
    "maskrcnn_benchmark_trainer.log":
        "https://github.com/facebookresearch/maskrcnn-benchmark/issues/825",
    "megatron_iteration_pipes.log":
        "https://github.com/bigscience-workshop/Megatron-DeepSpeed/issues/396",
    # batch 2026-12-06-r5 (readers7): verbatim lines of dev-part logs of benchmarks/real_runs
    "minimind_epoch_batch_in_parentheses.log":
        "https://github.com/jingyaogong/minimind/issues/634 (dev log gh-minimind-634-maintainer-7m-pretrain-10min-run: "
        "'Epoch:[1/1](100/44160), loss: ..', the batch count in parentheses)",
    "paddle_epoch_alone_iter_bracketed_loss.log":
        "PaddlePaddle docs, seq2seq with attention tutorial (dev log nb-paddle-docs-seq2seq-attention-en-zh-20ep: "
        "'epoch:0' alone, then 'iter 0, loss:[7.6886363]', a one-element array)",
    "karpathy_makemore_step_of_total.log":
        "karpathy's makemore part 3 lecture notebook (dev log nb-karpathy-makemore3-batchnorm-mlp-200k-steps: "
        "print(f'{i:7d}/{max_steps:7d}: {loss.item():.4f}'))",
    "nolearn_epoch_table_dash_rule.log":
        "https://github.com/dnouri/nolearn/issues/132 (dev log gh-nolearn-132-valid-acc-constant-majority-class: "
        "nolearn/Lasagne's epoch table, its header underlined by '-------  ------------')",
    "tab_separated_names_rows.log":
        "https://github.com/xiaolonw/TimeCycle/issues/10 (dev log gh-timecycle-10-maintainer-example-log-negative-loss: "
        "a tab-separated names line, then one row of values per epoch)",
    "keras_fit_generator_nested_validation_bar.log":
        "Dive into Deep Learning, TF2 port, 9.2 fine-tuning (dev log nb-d2l-tf2-9-2-resnet50v2-pretrained-hotdog-3ep: "
        "the validation generator's own progress glued as 'acc: 0.4965Epoch 1/3' inside epochs 2 and 3)",
    "yolov5_results.txt":
        "https://github.com/AmelNozieres/Mushrooms_YOLOv5 runs/train/exp/results.txt (its first 4 rows: YOLOv5's "
        "headerless per-epoch results file)",
    "darknet_alexeyab_iteration_avg_rate.log":
        "https://github.com/AlexeyAB/darknet#when-should-i-stop-training (the README's example output: 'Region Avg IOU' "
        "lines, then '9002: 0.211667, 0.060730 avg, 0.001000 rate, ...')",
    "opennmt_py_epoch_batch_comma.log":
        "https://github.com/Niger-Volta-LTI/yoruba-adr README (OpenNMT-py 0.x training log: 'Epoch  1,    50/  657; "
        "acc: ..', then the epoch's 'Train perplexity' and 'Validation perplexity')",
    "paddle_equals_banners_batch_id.log":
        "PaddlePaddle docs, PointNet tutorial (dev log nb-paddle-docs-pointnet-modelnet-10ep: '=====train=====' and "
        "'=====val=====' banners, 'epoch: 0, batch_id: 20, loss is: [0.96]')",
    "mmcv_text_logger.log":
        "https://github.com/open-mmlab/mmdetection/issues/2672",
    "mmengine_epoch_train_val.log":
        "https://github.com/open-mmlab/mmengine/pull/155",
    "mmengine_iter_based.log":
        "https://github.com/AILab-CVC/YOLO-World/issues/396 (mmengine Iter(train)/Iter(val) lines)",
    "mxnet_module_speedometer.log":
        "https://github.com/apache/mxnet/issues/4900",
    "mxnet_ssd_speedometer_nan.log":
        "https://github.com/NervanaSystems/ngraph-mxnet/pull/378",
    "nvidia_dllogger_iteration.log":
        "https://github.com/NVIDIA/DeepLearningExamples/issues/543",
    "paddle_v1_pass_batch_cost.log":
        "https://github.com/PaddlePaddle/Paddle/issues/5473",
    "paddleocr_epoch_iter.log":
        "https://github.com/PaddlePaddle/PaddleOCR/issues/3230",
    "paddleseg_train_iter.log":
        "https://github.com/PaddlePaddle/PaddleSeg/pull/928",
    "ppdet_callbacks_epoch_batch.log":
        "https://github.com/PaddlePaddle/PaddleX/issues/2884",
    "pytorch_examples_mnist_nan.log":
        "pytorch/examples mnist/main.py",
    "sklearn_mlp_verbose_validation.log":
        "scikit-learn MLPClassifier(verbose=True, early_stopping=True)",
    "tf1_examples_minibatch_loss.log":
        "TensorFlow-Examples (aymericdamien) 'Step 1, Minibatch Loss= ..., Training Accuracy= ...'",
    "tf2_quickstart_expert_epoch.log":
        "TensorFlow 2 quickstart for experts: template 'Epoch {}, Loss: {}, Accuracy: {}, Test Loss: {}, Test Accuracy: {}'",
    "tf_estimator_loss_step.log":
        "https://github.com/tensorflow/tensorflow/issues/43014",
    "tf_slim_global_step.log":
        "https://github.com/tensorflow/models/issues/2980",
    "timm_train_test.log":
        "timm train.py's _logger.info lines (Train: epoch [batch/total (pct%)], Test: [batch/total])",
    "torchvision_metric_logger_test.log":
        "torchvision references/classification MetricLogger ('Epoch: [0]  [   0/1251]', 'Test:', ' * Acc@1')",
    "ultralytics_v83_rich_bar_nan.log":
        "https://github.com/ultralytics/ultralytics/issues/22209",
    "ultralytics_v8_epoch_table.log":
        "https://github.com/ultralytics/ultralytics/issues/7653",
    "xgboost_eval_log.log":
        "XGBoost xgb.train(evals=[...]) evaluation log",
    # Release 5 readers, three common formats (readers8): verbatim printed output of public pages
    "ignite_getting_started_epoch_iter_results.log":
        "PyTorch-Ignite's Getting Started tutorial, its trainer.run output (pytorch-ignite.ai/tutorials, repository "
        "pytorch-ignite/pytorch-ignite.ai; the page's code prints 'Epoch[..], Iter[..] Loss:', 'Training Results - "
        "Epoch[..]' and 'Validation Results - Epoch[..]', as examples/mnist/mnist.py of pytorch/ignite does)",
    "megatron_validation_loss_block.log":
        "https://github.com/ROCm/rocm-blogs blogs/artificial-intelligence/megablocks/README.md (Stanford-Megatron-LM "
        "GPT2-125m run: iteration lines and the dashed 'validation loss at iteration N' block, the blog's '...' kept)",
    "pytorch_cifar10_tutorial_epoch_batch.log":
        "https://github.com/NVIDIA/NVFlare examples/hello-world/ml-to-fl/pt/README.md (cifar10_original.py, the "
        "PyTorch CIFAR-10 tutorial's print('[%d, %5d] loss: %.3f' % (epoch + 1, i + 1, running_loss / 2000)))",
    # release 7 (readers10): verbatim lines of dev / opened logs, or the layout of a print with our own numbers
    "ddpm_tqdm_postfix_colon_keys.log":
        "https://github.com/zoubohao/DenoisingDiffusionProbabilityModel-ddpm-/issues/5 (verbatim: the dev corpus log "
        "gh-ddpm-zoubohao-5-noisy-loss-converged-170ep, tqdm postfix keys 'loss: ' printed as 'loss: =6.78')",
    "siba_bracketed_total_and_terms.log":
        "https://github.com/wangshengjiao1010-boop/SIBA-Jittor/blob/f3461f0209f4fe39397fbbbe566d73d68940a575/logs/"
        "comparisons/shared_seed2025/pytorch_train.log (verbatim first 9 lines: the dev corpus log "
        "repo-siba-fusion-pytorch-controlled-60ep, '[total T] [joint J] [intensity I] [sobel S]')",
    "caffe_ocr_ctcloss_loss_marked_outputs.log":
        "https://github.com/senlinuc/caffe_ocr/issues/133 (verbatim: the dev corpus log "
        "gh-caffe-ocr-133-ctcloss-zero-from-iter0, 'ctcloss = 0 (* 1 = 0 loss)', the test outputs before 'Iteration 0')",
    "caffe_indexed_layer_outputs.log":
        "https://github.com/razorx89/caffe-wrn-generator/issues/1 (verbatim first 11 lines of the opened corpus log "
        "gh-caffe-wrn-generator-1-loss-87-3365-test-acc-1: 'Accuracy1', 'SoftmaxWithLoss1' outputs)",
    "paddle_hello_finished_training_final_loss.log":
        "https://github.com/PaddlePaddle/docs/blob/46ceb37d54c1e4e994933424702031a073ec9100/docs/practices/quick_start/"
        "hello_paddle.ipynb (verbatim: the dev corpus log nb-paddle-docs-hello-paddle-linear-5000-steps, its last line "
        "'finished training， loss [x]' with a full-width comma)",
    "py2_tuple_print_step_loss.log":
        "the layout of Python 2's print(t, loss) in PyTorch's 'Learning PyTorch with Examples' loops (a tuple "
        "'(t, loss)' per line; numbers our own, NaN as a diverging run prints it)",
    "split_word_dash_train_eval_lines.log":
        "the layout of f-string prints such as print(f'[..] Eval - Loss: {loss:.4f}, Acc: {acc:.4f}') beside the same "
        "line for training (numbers our own)",
    "era_v4_train_val_dash_lines.log":
        "https://github.com/yashwantram97/ERA-V4-Mini-Capstone/blob/main/README-logs.md (verbatim lines of the opened "
        "corpus log repo-era-v4-imagenet-resnet50-90ep: 'EPOCH 1 VAL   - Loss: ..' beside 'EPOCH 1 TRAIN - Loss: ..')",
    "flux_model_zoo_shown_calls.log":
        "https://github.com/FluxML/model-zoo/pull/7 (verbatim first 12 lines of the opened corpus log "
        "gh-flux-model-zoo-pr7-mnist-loss-accuracy-example: Julia '@show loss(x, y)' prints)",
    "keras_excerpt_last_bar_val_loss_then_nan.log":
        "https://github.com/bricewalker/Hey-Jetson/issues/7 (verbatim: the opened corpus log "
        "gh-hey-jetson-7-keras-asr-nan-epoch2-terminate, epoch 1's finished bar before 'Epoch 2/30', then NaN)",
    "caffe_googlenet_head_top1.log":
        "https://github.com/BVLC/caffe/issues/6047 (verbatim first 13 lines of the opened corpus log "
        "gh-caffe-6047-googlenet-loss-87: GoogLeNet's 'loss1/top-1' test output)",
    # release 8 (readers11): verbatim lines of dev / opened logs and public issues, or a layout with our own numbers
    "yolov5_colab_bar_without_glyphs_val_row.log":
        "https://github.com/talesaraujoc/RedesNeurais_ProjetoFinal_TalesCarvalho/blob/"
        "9bf89f1f8f11e022ad38f36066217d21f5e7e1fb/README.md (verbatim: the dev corpus log repo-cesar-yolov5s-4class-"
        "100ep, its first three epochs and its last with the best checkpoint validated again; Colab's bar '640: 100% "
        "14/14 [..]' without glyphs)",
    "llamafactory_callback_and_trainer_dicts.log":
        "https://github.com/hiyouga/LlamaFactory/issues/2810 (verbatim: the dev corpus log gh-llamafactory-2810-"
        "llama2-lora-loss-zero-gradnorm-nan-lr005, each entry logged rounded by the callback, then printed whole)",
    "hf_model_card_results_single_spaced.log":
        "http://zoo.bimant.com/model/293736 (verbatim: the opened corpus log card-distilbert-emotion-sheldonsides, a "
        "model card's 'Training results' table with its columns one space apart)",
    "keras1_fit_phases_after_early_stopping.log":
        "https://github.com/KyotoSunshine/CNN-for-handwritten-kanji/blob/master/logs/training_log.txt (verbatim lines "
        "34-46: the first fit() stopped early, the second starting again at 'Epoch 1/50' at a lower learning rate)",
    "litgpt_loss_train_val_na.log":
        "https://github.com/Lightning-AI/litgpt/issues/1224 (verbatim: 'loss train: x, val: n/a' before the first "
        "validation)",
    "mmdet_log_json_lines_saved_as.log":
        "https://github.com/open-mmlab/mmdetection/issues/4927 (verbatim: mmdetection's log.json records, here under "
        "a '.log' name)",
    "detectron2_console_saved_as_train_log.py":
        "https://github.com/facebookresearch/detectron2/issues/3023 (verbatim: detectron2's console, here saved "
        "under a '.py' name)",
    "cs231n_solver_iteration_and_epoch_lines.log":
        "https://github.com/0809zheng/CS231n-assignment2019/blob/3f5c853986637e2eba33f70c982fac7c618ff0f3/assignment2/"
        "FullyConnectedNets.ipynb (verbatim first 14 lines of the dev corpus log nb-cs231n-fc-net-overfit-50-images-"
        "init-loss-357: the Solver's '(Epoch n / N)' lines between its '(Iteration i / I)' lines)",
    "column_of_bare_numbers.txt":
        "the layout of np.savetxt('loss.txt', losses): one number a line, no name (numbers our own, NaN as a diverging "
        "run saves it)",
}

CASES: dict[str, dict[str, tuple]] = {
    "paddle_v1_pass_batch_cost.log": {  # 'Pass N' counts epochs, 'Test with Pass N' tests that pass; a quoted key
        "Cost": (T, E, [0.0, 0.5, 1.0, 1.5], [2.370898, 2.261713, 1.824807, 1.737753]),
        "classification_error_evaluator": (T, E, [0.0, 0.5, 1.0, 1.5], [0.890625, 0.8359375, 0.734375, 0.7265625]),
        "Test Cost": (X, E, [1.0, 2.0], [2.1044, 1.695]),
        "Test classification_error_evaluator": (X, E, [1.0, 2.0], [0.75, 0.6875]),
    },
    "timm_train_test.log": {  # the Test pass's value is its running mean on its last line; at the epoch's end
        "Loss": (T, E, [0.0, 0.4796, 0.9992, 1.0], [6.9375, 6.8125, 6.6875, 6.5625]),
        "Test Loss": (X, E, [1.0], [6.4375]),
        "Test Acc@1": (X, E, [1.0], [0.02125]),  # a '@k' cutoff is part of the name (readers12)
        "Test Acc@5": (X, E, [1.0], [0.075]),
    },
    "torchvision_metric_logger_test.log": {  # ' * Acc@1 .. loss 6.188' after the 'Test:' lines is the pass's result
        "loss": (T, E, [0.0, 0.9992], [6.9375, 6.5625]),
        "acc1": (T, E, [0.0, 0.9992], [0.0, 0.007812]),  # percent, as the test pass's 'acc1: 1.5625' shows
        "acc5": (T, E, [0.0, 0.9992], [0.007812, 0.03125]),  # top-5 in percent, as a fraction
        "Test loss": (X, E, [1.0], [6.188]),
        "Test acc1": (X, E, [1.0], [0.015625]),
        "Test acc5": (X, E, [1.0], [0.078125]),
        "test Acc@1": (X, E, [1.0], [0.02125]),  # ' * Acc@1 2.125 Acc@5 7.250' (readers12: '@k' names read)
        "test Acc@5": (X, E, [1.0], [0.0725]),
    },
    "gan_bracket_groups_d_g.log": {  # each bracket's 'acc' is its model's: D acc, G acc (one 'acc' before)
        'D loss': (T, E, [33.0, 34.0, 35.0, 36.0, 37.0], [0.029268, 0.024022, 0.043149, 0.017758, 0.020248]),
        'D acc': (T, E, [33.0, 34.0, 35.0, 36.0, 37.0], [1.0, 1.0, 0.9688, 1.0, 1.0]),
        'G loss': (T, E, [33.0, 34.0, 35.0, 36.0, 37.0], [5.641379, 5.16516, 5.387241, 5.255211, NAN]),
        'G acc': (T, E, [33.0, 34.0, 35.0, 36.0, 37.0], [0.0, 0.0, 0.0, 0.0, 1.0]),
    },
    "keras_gan_d_acc_g_loss.log": {
        'D loss': (T, E, [0.0, 1.0, 2.0], [0.693147, 0.65, NAN]),
        'D acc': (T, E, [0.0, 1.0, 2.0], [0.5, 0.625, 0.5]),
        'G loss': (T, E, [0.0, 1.0, 2.0], [0.701234, 0.69, NAN]),
    },
    # release 5 misreads: the split of held-out metrics, a validation pass's own counter, counts and placeholders
    "vit_cifar_lr_val_loss_acc.log": {  # 'acc' after 'val loss' on a line printing no training value: val
        'val loss': (V, E, [0.0, 1.0, 2.0], [152.68866, 140.83905, 114.5793]),
        'val acc': (V, E, [0.0, 1.0, 2.0], [0.4489, 0.5078, 0.5838]),
    },
    "gluoncv_monodepth2_validation_line.log": {  # 'validation abs_REL:' (no series itself) names RMSE's split
        'training loss': (T, S, [3500.0, 3750.0, 3981.0, 4231.0], [0.137, 0.136, 0.109, 0.128]),
        'validation RMSE': (V, S, [3750.0], [6.159]),
        'validation RMSE_log': (V, S, [3750.0], [0.27]),
    },
    "stgcn_eval_epoch_block.log": {  # 'Eval epoch: N' opens that epoch's evaluation; 'loss of 258 batches:'
        'Mean test loss': (X, E, [1.0, 2.0], [1.763931155204773, 1.4063948392868042]),
        'eval Top1': (V, E, [1.0, 2.0], [0.4595, 0.5911]),
        'eval Top5': (V, E, [1.0, 2.0], [0.8391, 0.8899]),
        'Mean training loss': (T, E, [2.0], [1.4099]),
    },
    "clock_glued_train_val_lines.log": {  # '00:44:04val Loss:' is a val line (it overwrote the train loss before)
        'train Loss': (T, E, [18.0, 19.0], [0.0138, 0.0126]),
        'Acc': (T, E, [18.0, 19.0], [0.0, 0.0]),
        'val Loss': (V, E, [18.0, 19.0], [0.01, 0.0096]),
        'val Acc': (V, E, [18.0, 19.0], [0.0, 0.0]),
    },
    "paddlenlp_evalution_result_lines.log": {
        'loss': (T, S, [700.0, 750.0, 800.0], [1535.619873, 1535.619629, 1535.633667]),
        'eval accuracy': (V, S, [700.0, 750.0, 800.0], [0.59, 0.59, 0.59]),
        'eval F1': (V, S, [700.0, 750.0, 800.0], [0.74214, 0.74214, 0.74214]),
    },
    "loss_printed_with_percent.log": {  # 'Loss: 2.520%' is a loss of 2.52, not 0.0252
        'Loss': (T, E, [1.0, 10.0], [2.52, 2.303]),
        'Test accuracy': (X, E, [10.0], [0.1]),
    },
    "pytorch_tutorial_correct_total_counts.log": {  # '[epoch, batch]'; 'correct: 9382' is a count, no accuracy
        'loss': (T, E, [1.25, 1.5, 1.75, 2.25, 2.5, 2.75], [2.296, 1.835, 0.396, 0.187, 0.137, 0.124]),
        'accuracy on test set': (X, E, [1.0, 2.0], [0.93, 0.97]),
    },
    "keras_headerless_bars_callback_glued.log": {  # each finished bar is one epoch, its val_loss on the same epoch
        'loss': (T, E, [1.0, 2.0], [1.608, 1.5307]),
        'val_loss': (V, E, [1.0, 2.0], [1.5564, 1.5285]),
    },
    "lipreading_v_acc_best_acc.log": {  # 'train_iter=N' counts steps; 'v_acc' is val; 'best_acc' is no series
        'CE V': (T, S, [0.0, 1.0, 3819.0], [6.21437, 6.4572, 7.47496]),
        'val acc': (V, S, [0.0, 1.0], [0.0, 0.0]),
    },
    "coursera_cost_after_epoch_br.log": {
        'Cost': (T, E, [0.0, 5.0, 10.0, 15.0], [1.917929, 1.506757, 0.955359, NAN]),
        'Train Accuracy': (T, E, [15.0], [0.940741]),
        'Test Accuracy': (X, E, [15.0], [0.783333]),
    },
    "basicsr_message_logger.log": {
        'l_pix loss': (T, S, [100.0, 200.0, 1000.0], [3.2145e-02, 2.8750e-02, NAN]),
        'val psnr': (V, E, [3.0], [30.125]),
    },
    "paddle_workerlog.0": {
        'loss': (T, S, [10.0, 20.0, 30.0], [0.693147, 0.640625, NAN]),
    },
    "bayesflow_printed_loss_list.log": {
        'loss (printed list)': (T, E, list(np.arange(1.0, 29.0)), [
            -7.752036, -7.820761, -7.7039595, -7.6541286, -7.866893, -7.6999016, -7.7101583, -7.876931, -7.926651,
            718.84845, 3543009.5, -1.1094699, 55.888943, 97.26874, 86.27302, 88.00319, 72.44775, 55.576897,
            55.679665, 42.166874, 38.97898, 26.977058, 21.449322, 13.875741, 9.592149, 4.081973, 0.62280387,
            0.8802163]),
    },
    "fastai07_fit_rows_no_header.log": {
        'trn_loss': (T, E, [0.0, 1.0, 2.0], [0.04528, 0.03361, 0.04321]),
        'val_loss': (V, E, [0.0, 1.0, 2.0], [0.0253, 0.02622, 0.02383]),
    },
    "videopose3d_split_named_mpjpe.log": {
        '3d_train loss': (T, E, [1.0, 2.0, 3.0], [88.134033, 52.574448, 43.446893]),
        '3d_valid loss': (V, E, [1.0, 2.0, 3.0], [67.047745, 60.846769, 57.600512]),
    },
    "pytorch_word_language_model.log": {  # batch b of B in epoch N sits at N + b/B; "end of epoch N" at N + 1
        'loss': (T, E, [1 + 200 / 2983, 1 + 400 / 2983, 1 + 600 / 2983, 2 + 200 / 2983, 2 + 400 / 2983,
                        2 + 600 / 2983], [7.63, 6.86, 6.48, 5.92, 5.84, 5.71]),
        'ppl': (T, E, [1 + 200 / 2983, 1 + 400 / 2983, 1 + 600 / 2983, 2 + 200 / 2983, 2 + 400 / 2983,
                       2 + 600 / 2983], [2063.27, 953.5, 651.61, 372.17, 344.19, 302.51]),
        'valid loss': (V, E, [2.0, 3.0], [5.77, 5.51]),
        'valid ppl': (V, E, [2.0, 3.0], [321.84, 247.35]),
    },
    "accelerate_tqdm_steps_postfix_nan.log": {
        'noise_step_loss': (T, S, [16.0, 17.0], [NAN, NAN]),
    },
    "flax_clu_logging_writer.log": {
        'eval_accuracy': (V, S, [936.0], [0.005859]),
        'eval_loss': (V, S, [936.0], [6.611245]),
        'eval loss': (V, S, [936.0], [6.6112]),
        'eval accuracy': (V, S, [936.0], [0.59]),
        'train_accuracy': (T, S, [1000.0, 1100.0], [0.006697, 0.007812]),
        'train_loss': (T, S, [1000.0, 1100.0], [6.525281, 6.5]),
    },
    "xgboost_eval_log.log": {
        'train-logloss loss': (T, S, [0.0, 1.0, 2.0], [0.54688, 0.4375, 0.35938]),
        'validation-logloss loss': (V, S, [0.0, 1.0, 2.0], [0.5625, 0.46875, 0.40625]),
    },
    "caffe_iteration_rate_loss.log": {
        'loss': (T, S, [100.0, 200.0], [0.2134, 0.1875]),
        'train_net/loss': (T, S, [100.0, 200.0], [0.2134, 0.1875]),
    },
    "detectron1_json_stats.log": {
        'accuracy_cls': (T, S, [120000.0, 120020.0], [0.923639, 0.925]),
        'loss': (T, S, [120000.0, 120020.0], [0.562384, 0.55]),
        'loss_bbox': (T, S, [120000.0, 120020.0], [0.107754, 0.1]),
        'loss_cls': (T, S, [120000.0, 120020.0], [0.243266, 0.24]),
    },
    "detectron2_events.log": {
        'total_loss': (T, S, [639.0, 659.0, 679.0], [1.194, 1.172, NAN]),
        'loss_cls': (T, S, [639.0, 659.0, 679.0], [0.831, 0.815, NAN]),
        'loss_box_reg': (T, S, [639.0, 659.0, 679.0], [0.355, 0.362, 0.5817]),
    },
    "espnet2_trainer_epoch_results.log": {
        'train loss': (T, E, [7.9524, 8.0, 8.0476, 8.0952], [1.601, 1.613, 1.585, 1.568]),
        'valid loss': (V, E, [8.0], [1.854]),
    },
    "espnet_iterations_train_loss.log": {
        'train acc': (T, S, [16335.0, 16336.0, 16337.0], [0.258, 0.398, 0.288]),
        'train loss': (T, S, [16335.0, 16336.0, 16337.0], [477.674, 686.486, NAN]),
        'train loss ctc': (T, S, [16335.0, 16336.0, 16337.0], [857.277, 1277.49, NAN]),
        'train loss att': (T, S, [16335.0, 16336.0, 16337.0], [98.071, 95.482, 83.887]),
    },
    "fairseq_epoch_progress_pipe.log": {
        'loss': (T, E, [1.238, 1.2644, 1.2909], [11.521, 11.346, 11.186]),
        'nll_loss': (T, E, [1.238, 1.2644, 1.2909], [10.881, 10.678, 10.492]),
        'ppl': (T, E, [1.238, 1.2644, 1.2909], [1886.05, 1637.83, 1440.01]),
        'valid_loss': (V, E, [2.0], [8.11425]),
        'valid_nll_loss': (V, E, [2.0], [6.8834]),
        'valid_ppl': (V, E, [2.0], [118.06]),
    },
    "fairseq_epoch_summary_pipe.log": {
        'loss': (T, E, [8.0, 9.0], [6.326, 6.233]),
        'nll_loss': (T, E, [8.0, 9.0], [5.193, 5.085]),
        'ppl': (T, E, [8.0, 9.0], [36.58, 33.94]),
        'valid_loss': (V, E, [8.0, 9.0], [6.43844, 6.37204]),
        'valid_nll_loss': (V, E, [8.0, 9.0], [5.23288, 5.14732]),
        'valid_ppl': (V, E, [8.0, 9.0], [37.61, 35.44]),
    },
    "fairseq_lua_style_progress.log": {
        'loss': (T, E, [10.2432, 10.4864, 11.2432], [1.27, 0.91, 1.37]),
        'train loss': (T, E, [10.9989], [1.44]),
        'train ppl': (T, E, [10.9989], [2.72]),
        'val loss': (V, E, [11.0], [1.6]),
        'valid loss': (V, E, [11.0], [1.94]),
        'valid ppl': (V, E, [11.0], [3.83]),
    },
    "fastai2_recorder_table.log": {
        'train_loss': (T, E, [0.0, 1.0, 2.0], [0.169865, 0.0625, NAN]),
        'valid_loss': (V, E, [0.0, 1.0, 2.0], [0.023729, 0.01875, NAN]),
        'error_rate': (V, E, [0.0, 1.0, 2.0], [0.006766, 0.005, 0.8125]),
    },
    "flax_mnist_epoch_print.log": {
        'train_loss': (T, E, [1.0, 2.0, 3.0], [0.2391, 0.0625, 0.0438]),
        'train_accuracy': (T, E, [1.0, 2.0, 3.0], [0.9279, 0.981, 0.9865]),
        'test_loss': (X, E, [1.0, 2.0, 3.0], [0.0593, 0.045, 0.0375]),
        'test_accuracy': (X, E, [1.0, 2.0, 3.0], [0.9805, 0.985, 0.9875]),
    },
    "gluoncv_epoch_batch_no_total.log": {
        'loss': (T, E, [0.2462, 0.4975, 0.7487, 1.2462, 1.4975, 1.7487], [0.003125, 0.00275, 0.0025, 0.00225, NAN, NAN]),
        'training loss': (T, E, [1.0, 2.0], [0.002625, NAN]),
    },
    "keras1_verbose1_samples.log": {
        'loss': (T, E, [1.0, 2.0, 3.0], [0.2451, 0.1025, NAN]),
        'acc': (T, E, [1.0, 2.0, 3.0], [0.9244, 0.9688, 0.0987]),
        'val_loss': (V, E, [1.0, 2.0, 3.0], [0.1028, 0.0875, NAN]),
        'val_acc': (V, E, [1.0, 2.0, 3.0], [0.9675, 0.9725, 0.098]),
    },
    "keras2_tf_verbose1_then_evaluate.log": {
        'loss': (T, E, [1.0, 2.0], [0.495, 0.375]),
        'accuracy': (T, E, [1.0, 2.0], [0.8264, 0.8625]),
        'val_loss': (V, E, [1.0, 2.0], [0.3875, 0.3625]),
        'val_accuracy': (V, E, [1.0, 2.0], [0.8625, 0.87]),
    },
    "keras2_tf_verbose2_per_epoch.log": {
        'loss': (T, E, [1.0, 2.0, 3.0], [0.495, 0.375, 0.3375]),
        'accuracy': (T, E, [1.0, 2.0, 3.0], [0.8264, 0.8625, 0.8775]),
        'val_loss': (V, E, [1.0, 2.0, 3.0], [0.3875, 0.3625, 0.35]),
        'val_accuracy': (V, E, [1.0, 2.0, 3.0], [0.8625, 0.87, 0.875]),
    },
    "lightning1_bar_colab_no_pipes.log": {
        'loss': (T, E, [0.0, 1.0], [2.29, 2.25]),
        'val_acc': (V, E, [0.0, 1.0], [0.166, 0.25]),
    },
    "lightning1_bar_running_loss.log": {
        'loss': (T, E, [0.2222, 0.2778], [9.947, 9.85]),
    },
    "lightning2_bar_epoch_end.log": {
        'train_loss': (T, E, [0.0, 1.0, 2.0], [0.69, 0.512, NAN]),
        'val_loss': (V, E, [0.0, 1.0, 2.0], [0.65, 0.401, NAN]),
        'val_acc': (V, E, [0.0, 1.0, 2.0], [0.625, 0.85, 0.5]),
    },
    "maskrcnn_benchmark_trainer.log": {
        'loss': (T, S, [87920.0, 87940.0], [0.6097, 0.5875]),
        'loss_classifier': (T, S, [87920.0, 87940.0], [0.1472, 0.1375]),
        'loss_box_reg': (T, S, [87920.0, 87940.0], [0.0702, 0.0625]),
    },
    "megatron_iteration_pipes.log": {
        'lm loss': (T, S, [5426.0, 5427.0, 5428.0], [2.8125, 2.75, 2.6875]),
    },
    # batch 2026-12-06-r5 (readers7)
    "minimind_epoch_batch_in_parentheses.log": {  # 'Epoch:[1/1](100/44160)': epoch 1 plus 100/44160 of it
        "loss": (T, E, [1 + 100 / 44160, 1 + 200 / 44160, 1 + 300 / 44160, 1 + 400 / 44160],
                 [7.4568, 6.9873, 6.8831, 6.7362]),
        "logits_loss": (T, E, [1 + 100 / 44160, 1 + 200 / 44160, 1 + 300 / 44160, 1 + 400 / 44160],
                        [7.4568, 6.9873, 6.8831, 6.7362]),
        "aux_loss": (T, E, [1 + 100 / 44160, 1 + 200 / 44160, 1 + 300 / 44160, 1 + 400 / 44160], [0.0] * 4)},
    "paddle_epoch_alone_iter_bracketed_loss.log": {  # 'iter' restarts at 0 each epoch: epoch 1's 'iter 0' comes
        "loss": (T, S, [0, 200, 400, 600, 800, 1000, 1200],  # one print interval after epoch 0's 'iter 400'
                 [7.6886363, 2.9262748, 3.0081756, 3.2125835, 3.18179, 2.9423902, 2.7851977])},
    "karpathy_makemore_step_of_total.log": {  # no metric name: the value after each step counter is the loss
        "loss (first unnamed value)": (T, S, [0, 10000, 20000, 30000, 40000], [3.3239, 2.0322, 2.5675, 2.0125, 2.2446])},
    "nolearn_epoch_table_dash_rule.log": {  # 'train/val' is a ratio, 'dur' a time: no series of evidence
        "train loss": (T, E, [1, 2, 3, 4, 5, 6], [0.50873, 0.50304, 0.49532, 0.49352, 0.49049, 0.48861]),
        "valid loss": (V, E, [1, 2, 3, 4, 5, 6], [0.60935, 0.58649, 0.57172, 0.55105, 0.53669, 0.52467]),
        "valid acc": (V, E, [1, 2, 3, 4, 5, 6], [0.79269] * 6)},
    "tab_separated_names_rows.log": {  # rows in print order: epochs 1..4 (a negative loss is read as printed)
        "Train Loss": (T, E, [1, 2, 3, 4], [-0.023201, -0.082967, -0.121153, -0.141511]),
        "Theta Loss": (T, E, [1, 2, 3, 4], [0.223515, 0.149054, 0.138757, 0.132837]),
        "Theta Skip Loss": (T, E, [1, 2, 3, 4], [0.185768, 0.120956, 0.109839, 0.103349])},
    "keras_fit_generator_nested_validation_bar.log": {  # the glued 'Epoch 1/3' of epochs 2 and 3 is no epoch 1
        "loss": (T, E, [1, 2, 3], [0.6929, 0.6919, 0.6914]),
        "acc": (T, E, [1, 2, 3], [0.4969, 0.5125, 0.5906]),
        "val_loss": (V, E, [1, 2, 3], [0.6939, 0.6888, 0.6836]),
        "val_acc": (V, E, [1, 2, 3], [0.4531, 0.4719, 0.7875])},
    "yolov5_results.txt": {  # columns by YOLOv5's layout: P, R, mAP are validation results
        "train/box_loss": (T, E, [0, 1, 2, 3], [0.09854, 0.09296, 0.0913, 0.09035]),
        "train/obj_loss": (T, E, [0, 1, 2, 3], [0.09318, 0.1009, 0.1026, 0.09901]),
        "train/cls_loss": (T, E, [0, 1, 2, 3], [0, 0, 0, 0]),
        "train/loss": (T, E, [0, 1, 2, 3], [0.1917, 0.1939, 0.1939, 0.1894]),
        "metrics/precision": (V, E, [0, 1, 2, 3], [0, 0.04823, 0.05829, 0.02915]),
        "metrics/recall": (V, E, [0, 1, 2, 3], [0, 0.01505, 0.04946, 0.4043]),
        "metrics/mAP_0.5": (V, E, [0, 1, 2, 3], [0.004895, 0.007566, 0.01947, 0.03057]),
        "metrics/mAP_0.5:0.95": (V, E, [0, 1, 2, 3], [0.0009547, 0.001351, 0.004119, 0.006599]),
        "val/box_loss": (V, E, [0, 1, 2, 3], [0.09176, 0.0922, 0.0968, 0.0959]),
        "val/obj_loss": (V, E, [0, 1, 2, 3], [0.05526, 0.05528, 0.05152, 0.07846]),
        "val/cls_loss": (V, E, [0, 1, 2, 3], [0, 0, 0, 0])},
    "darknet_alexeyab_iteration_avg_rate.log": {  # the batch's loss, then its running mean ('avg')
        "loss": (T, S, [9002], [0.211667]),
        "avg loss": (T, S, [9002], [0.060730])},
    "opennmt_py_epoch_batch_comma.log": {  # '50/  657' of epoch 1; the epoch's totals at its number, as the
        "acc": (T, E, [1 + 50 / 657, 1 + 100 / 657, 1 + 650 / 657], [0.0397, 0.0396, 0.1264]),  # pytorch examples'
        "ppl": (T, E, [1 + 50 / 657, 1 + 100 / 657, 1 + 650 / 657], [124671.59, 18177.28, 429.22]),  # 'Test set'
        "xent": (T, E, [1 + 50 / 657, 1 + 100 / 657, 1 + 650 / 657], [11.73, 9.81, 6.06]),
        "Train perplexity": (T, E, [1.0], [1937.79]),
        "Train accuracy": (T, E, [1.0], [0.0688972]),
        "Validation perplexity": (V, E, [1.0], [507.708]),
        "Validation accuracy": (V, E, [1.0], [0.113796])},
    "paddle_equals_banners_batch_id.log": {  # 'batch_id: 20' of 5 printed batches is 0.2 of the epoch; the
        "train loss is": (T, E, [0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2],  # '=====val=====' block measures epoch 0's end
                          [8.135595, 0.96110815, 0.77762437, 0.575164, 0.60243726, 0.5886416, 0.59509534]),
        "train accuracy is": (T, E, [0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2],
                              [0.046875, 0.7265625, 0.8046875, 0.84375, 0.8359375, 0.8359375, 0.8515625]),
        "validation loss is": (V, E, [1.0], [0.5027859807014465]),
        "validation accuracy is": (V, E, [1.0], [0.848895251750946])},
    "mmcv_text_logger.log": {
        'loss_rpn_cls': (T, E, [1.3193, 1.3259], [0.0989, 0.0875]),
        'loss_rpn_bbox': (T, E, [1.3193, 1.3259], [0.0477, 0.044]),
        'loss_cls': (T, E, [1.3193, 1.3259], [0.1939, 0.1996]),
        'acc': (T, E, [1.3193, 1.3259], [0.934961, 0.933379]),
        'loss_bbox': (T, E, [1.3193, 1.3259], [0.1484, 0.1483]),
        'loss': (T, E, [1.3193, 1.3259], [0.489, 0.4794]),
        'val bbox_mAP': (V, E, [2.0], [0.215]),
        'val bbox_mAP_50': (V, E, [2.0], [0.398]),
    },
    "mmengine_epoch_train_val.log": {
        'loss': (T, E, [1.1111, 1.2222, 2.1111], [11.4723, 1.5616, NAN]),
        'val accuracy/top1': (V, E, [2.0], [0.3125]),
    },
    "mmengine_iter_based.log": {
        'loss': (T, S, [50.0, 100.0], [2.3125, 2.0625]),
        'decode.loss_ce': (T, S, [50.0, 100.0], [1.625, 1.4375]),
        'decode.acc_seg': (T, S, [50.0, 100.0], [0.40125, 0.4525]),
        'aux.loss_ce': (T, S, [50.0, 100.0], [0.6875, 0.625]),
        'aux.acc_seg': (T, S, [50.0, 100.0], [0.385, 0.42]),
        # 'Iter(val) [500/500]' counts the validation pass's batches: its results belong to the training step it
        # validates (the last 'Iter(train)' one), not to step 500
        'val aAcc': (V, S, [100.0], [0.8012]),
        'val mIoU': (V, S, [100.0], [30.25]),
        'val mAcc': (V, S, [100.0], [0.4025]),
    },
    "mxnet_module_speedometer.log": {
        'accuracy': (T, E, [0.3333, 0.6667, 1.3333, 1.6667], [0.850313, 0.904219, 0.950625, 0.955938]),
        'Train-accuracy': (T, E, [1.0, 2.0], [0.910443, 0.9571]),
        'Validation-accuracy': (V, E, [1.0, 2.0], [0.938002, 0.963575]),
    },
    "mxnet_ssd_speedometer_nan.log": {
        'loss': (T, E, [0.25, 0.5, 0.75], [4.200497, 3.91441, NAN]),
        'SmoothL1 loss': (T, E, [0.25, 0.5, 0.75], [0.816728, 0.79012, NAN]),
    },
    "nvidia_dllogger_iteration.log": {
        'average_loss': (T, S, [1787.0, 1887.0], [2.35423, 2.210807]),
        'step_loss': (T, S, [1787.0, 1887.0], [3.146484, 1.75]),
    },
    "paddleocr_epoch_iter.log": {
        'loss': (T, S, [1.0, 2.0, 3.0], [31.828234, 29.757305, 30.260902]),
        'acc': (T, S, [1.0, 2.0, 3.0], [0.057617, 0.0625, 0.05957]),
    },
    "paddleseg_train_iter.log": {
        'TRAIN loss': (T, S, [20.0, 40.0, 60.0], [2.0859, 1.8769, NAN]),
    },
    "ppdet_callbacks_epoch_batch.log": {
        'loss': (T, E, [0.2854, 0.2856], [4.504654, 5.154541]),
        'loss_cls': (T, E, [0.2854, 0.2856], [1.374781, 1.369879]),
        'loss_iou': (T, E, [0.2854, 0.2856], [0.142509, 0.167398]),
    },
    "pytorch_examples_mnist_nan.log": {
        'Loss': (T, E, [1.0, 1.5013, 1.992, 2.0], [2.305469, 0.3125, 0.125, NAN]),
        'Test Average loss': (X, E, [1.0], [0.05]),
        'Test Accuracy': (X, E, [1.0], [0.9837]),
    },
    "sklearn_mlp_verbose_validation.log": {
        'loss': (T, S, [1.0, 2.0, 3.0], [0.703125, 0.4375, 0.3125]),
        'Validation score': (V, S, [1.0, 2.0, 3.0], [0.8125, 0.875, 0.90625]),
    },
    "tf1_examples_minibatch_loss.log": {
        'Minibatch Loss': (T, S, [1.0, 10.0, 20.0], [68475.9062, 20122.5, 9540.25]),
        'Training Accuracy': (T, S, [1.0, 10.0, 20.0], [0.102, 0.375, 0.562]),
        'Testing Accuracy': (X, S, [20.0], [0.75]),
    },
    "tf2_quickstart_expert_epoch.log": {
        'Loss': (T, E, [1.0, 2.0, 3.0], [0.1375, 0.0438, 0.0219]),
        'Accuracy': (T, E, [1.0, 2.0, 3.0], [0.95875, 0.98625, 0.993125]),
        'Test Loss': (X, E, [1.0, 2.0, 3.0], [0.0625, 0.0563, 0.0594]),
        'Test Accuracy': (X, E, [1.0, 2.0, 3.0], [0.98, 0.9825, 0.981875]),
    },
    "tf_estimator_loss_step.log": {
        'loss': (T, S, [0.0, 100.0, 200.0, 300.0], [96.96749, 4.264659, 3.125, 2.5]),
        'eval accuracy': (V, S, [200.0], [0.851562]),
        'eval loss': (V, S, [200.0], [0.390625]),
    },
    "tf_slim_global_step.log": {
        'loss': (T, S, [1.0, 2.0, 3.0], [79.3501, 72.8609, NAN]),
    },
    "ultralytics_v83_rich_bar_nan.log": {
        'box_loss': (T, E, [12.0, 13.0], [3.63, NAN]),
        'cls_loss': (T, E, [12.0, 13.0], [5.712, NAN]),
        'dfl_loss': (T, E, [12.0, 13.0], [4.189, NAN]),
        'val Box precision': (V, E, [12.0, 13.0], [0.0, 0.0]),  # the 'all' row under each epoch's row
        'val Box recall': (V, E, [12.0, 13.0], [0.0, 0.0]),
        'val Box mAP50': (V, E, [12.0, 13.0], [0.0, 0.0]),
        'val Box mAP50-95': (V, E, [12.0, 13.0], [0.0, 0.0]),
    },
    "ultralytics_v8_epoch_table.log": {
        'box_loss': (T, E, [70.0, 71.0], [1.081, 1.038]),
        'cls_loss': (T, E, [70.0, 71.0], [0.4706, 0.4686]),
        'dfl_loss': (T, E, [70.0, 71.0], [1.084, 1.064]),
        'val Box precision': (V, E, [70.0, 71.0], [0.989, 0.991]),
        'val Box recall': (V, E, [70.0, 71.0], [0.99, 0.997]),
        'val Box mAP50': (V, E, [70.0, 71.0], [0.993, 0.994]),
        'val Box mAP50-95': (V, E, [70.0, 71.0], [0.681, 0.716]),
    },
    # Release 5 readers, three common formats (readers8)
    "ignite_getting_started_epoch_iter_results.log": {  # per-iteration loss; the two results lines share their keys:
        "Loss": (T, S, [100.0 * i for i in range(1, 24)],  # each is its heading's split, at the epoch's last step
                 [0.19, 0.13, 0.08, 0.11, 0.07, 0.04, 0.09, 0.07, 0.16, 0.02, 0.02, 0.05, 0.06, 0.06, 0.08, 0.02,
                  0.08, 0.07, 0.02, 0.11, 0.05, 0.02, 0.01]),
        "Training Avg loss": (T, S, [400, 900, 1400, 1800, 2300], [0.09, 0.20, 0.20, 0.06, 0.02]),
        "Training Avg accuracy": (T, S, [400, 900, 1400, 1800, 2300], [0.97, 0.93, 0.94, 0.98, 0.99]),
        "Validation Avg loss": (V, S, [400, 900, 1400, 1800, 2300], [0.08, 0.20, 0.23, 0.07, 0.03]),
        "Validation Avg accuracy": (V, S, [400, 900, 1400, 1800, 2300], [0.97, 0.93, 0.94, 0.98, 0.99])},
    "megatron_validation_loss_block.log": {  # the dashed block is the validation at its iteration; 'lm loss PPL' is
        "lm loss": (T, S, [100, 1000, 2000], [7.643560, 5.360341, 4.640055]),  # its perplexity, not a second loss
        "validation lm loss value": (V, S, [1000, 2000], [5.314413, 4.583530]),
        "validation PPL": (V, S, [1000, 2000], [203.2451, 97.85927])},
    "faster_rcnn_pytorch_three_line_losses.log": {  # the third line's loss terms at the first line's iteration
        "loss": (T, S, [0, 100], [9.9775, 4.2933]),
        "rpn_cls loss": (T, S, [0, 100], [0.6933, 0.1459]),
        "rpn_box loss": (T, S, [0, 100], [0.0, 0.0]),
        "rcnn_cls loss": (T, S, [0, 100], [3.0438, 0.7563]),
        "rcnn_box loss": (T, S, [0, 100], [0.0950, 0.2220]),  # 'rcnn_box 0.0950': no colon
        "rcnn_cls_2nd loss": (T, S, [0, 100], [3.0747, 0.4431]),
        "rcnn_box_2nd loss": (T, S, [0, 100], [0.0297, 0.0312]),
        "rcnn_cls_3rd loss": (T, S, [0, 100], [3.0378, 0.4980]),
        "rcnn_box_3rd loss": (T, S, [0, 100], [0.0031, 0.0130])},
    "det3d_counter_line_then_losses.log": {  # 'Epoch [1/20000][220/1000]' is 1.22, its losses on the next line
        "loss": (T, E, [1.22, 1.23], [4353.6804, 3880.3974]),
        "cls_pos_loss": (T, E, [1.22, 1.23], [0.0228, 0.0262]),
        "cls_neg_loss": (T, E, [1.22, 1.23], [4351.6963, 3878.1871]),
        "dir_loss_reduced": (T, E, [1.22, 1.23], [0.2947, 0.3341]),
        "cls_loss_reduced": (T, E, [1.22, 1.23], [4351.7193, 3878.2134]),
        "loc_loss_reduced": (T, E, [1.22, 1.23], [1.9316, 2.1505])},
    "hf_model_card_results_pre_tabs_no_log.md": {  # 'No log': the training loss was not logged yet (no point)
        "Training Loss": (T, E, list(range(4, 15)), [0.7979] * 4 + [0.2773] * 4 + [0.1817] * 3),
        "Validation Loss": (V, E, list(range(1, 15)), [0.960511, 0.620671, 0.435741, 0.341771, 0.294780, 0.250572,
                                                       0.232976, 0.216347, 0.202306, 0.192530, 0.192500, 0.187347,
                                                       0.185896, 0.185154]),
        "Accuracy": (V, E, list(range(1, 15)), [0.689, 0.824, 0.880, 0.896, 0.916, 0.918, 0.924, 0.924, 0.9305, 0.930,
                                                0.9265, 0.9285, 0.9295, 0.928])},
    "bracketed_names_epoch_batch_loss.log": {  # '[batch]: 100' of no printed count: e + b / (300 + 100)
        "loss": (T, E, [1.25, 1.5, 1.75, 2.25, 2.5, 2.75], [2.3026, 1.9412, 1.6530, 1.4417, NAN, NAN]),
        "acc": (T, E, [2, 3], [0.4210, 0.1000])},  # an epoch's line after its batches: at the epoch's end
    "hf_trainer_dicts_full_width_punctuation.log": {
        "loss": (T, E, [0.2, 0.4, 0.6, 1.2], [0.6931, 0.5824, 0.4417, 0.3902]),
        "eval_loss": (V, E, [1.0], [0.4521]),
        "eval_accuracy": (V, E, [1.0], [0.8125])},
    "simpletransformers_running_loss_then_table.log": {  # no counter on the 'Running loss' lines: print order as
        "Running loss": (T, S, list(range(1, 15)), [0.167303, 0.170446, 0.164527, 0.164525, 0.167300, 0.175209,  # steps
                                                    0.171032, 0.170071, 0.175808, 0.170429, 0.168178, 0.177569,
                                                    0.168423, 0.174538]),
        "train_loss": (T, S, [60, 120], [0.241688281297684, 0.174538105726242]),  # the table, by its global_step
        "eval_loss": (V, S, [60, 120], [0.23544592782855, 0.167822811752558]),
        "LRAP": (V, S, [60, 120], [0.462933835124969, 0.609899021999634])},
    "det3d_loss_parse_time.log": {  # the losses on the line after the counter line (timings alone): its iteration
        "loss": (T, E, [4.6], [28.5317]),  # 'Epoch [4/6][30/50]' is 4 + 30/50; the second counter line has no losses
        "hm_loss": (T, E, [4.6], [16.2693]),
        "loc_loss": (T, E, [4.6], [6.1295]),
        "roi_reg_loss": (T, E, [4.6], [0.0]),
        "roi_cls_loss": (T, E, [4.6], [0.0035])},
    "pytorch_cifar10_tutorial_epoch_batch.log": {  # '[epoch, batch]': within epoch e at e + batch / (12000 + 2000),
        "loss": (T, E, [e + b / 14000 for e in (1, 2) for b in range(2000, 12001, 2000)],  # the epoch's length as
                 [2.127, 1.826, 1.667, 1.568, 1.503, 1.455, 1.386, 1.362, 1.348, 1.329, 1.327, 1.275])},  # printed
    # release 7 (readers10)
    "ddpm_tqdm_postfix_colon_keys.log": {  # 'loss: =6.78': the key's own colon before tqdm's '='; elisions kept
        "loss": (T, E, [4, 5, 168, 169, 170], [6.78, 8.38, 6.01, 9.78, 6.75])},
    "siba_bracketed_total_and_terms.log": {  # no metric named: the terms' sum named 'total' is the loss, per batch
        "total loss": (T, E, [e + b / 321 for e, b in [(0, 0), (0, 50), (0, 100), (0, 150), (0, 200), (0, 250),
                                                        (0, 300), (1, 0), (1, 50)]],
                       [0.298099, 0.218720, 0.112371, 0.190341, 0.226432, 0.147310, 0.221385, 0.192253, 0.115537])},
    "caffe_ocr_ctcloss_loss_marked_outputs.log": {  # '(* 1 = 0 loss)' marks a loss layer's output; the test net's
        "val_acc": (V, S, [0], [0.0]),  # outputs printed before 'Iteration 0' are that iteration's
        "val_ctc_loss": (V, S, [0], [0.0]),
        "loss": (T, S, [0, 200, 400, 600, 800], [0.0] * 5),
        "train_net/ctc_loss": (T, S, [0, 200, 400, 600, 800], [0.0] * 5)},
    "caffe_indexed_layer_outputs.log": {  # a layer index glued to the name: 'Accuracy1' is an accuracy
        "val_Accuracy_1": (V, S, [1170, 1560], [1.0, 1.0]),
        "val_SoftmaxWithLoss_1": (V, S, [1170, 1560], [87.3362, 87.3362]),
        "loss": (T, S, [1170, 1560], [87.3363, 87.3363]),
        "train_net/SoftmaxWithLoss_1": (T, S, [1170, 1560], [87.3365, 87.3365])},
    "paddle_hello_finished_training_final_loss.log": {  # the final loss one print interval after the last print
        "loss": (T, E, [0, 1000, 2000, 3000, 4000, 5000],  # (it overwrote epoch 4000's 0.0902 before)
                 [785.9332, 8.071109, 1.8046346, 0.4035096, 0.09022342, 0.02020368])},
    "py2_tuple_print_step_loss.log": {  # '(t, loss)': the tuple's numbers as print(t, loss) shows them in Python 3
        "loss (first unnamed value)": (T, S, [0, 100, 200, 300, 400], [2.3051, 1.2874, 0.6412, NAN, NAN])},
    "split_word_dash_train_eval_lines.log": {  # 'Eval - Loss:' on a line of the training line's layout: validation
        "Train Loss": (T, E, [1, 2, 3], [0.6931, 0.5874, 0.4410]),
        "Train Acc": (T, E, [1, 2, 3], [0.5120, 0.6990, 0.7930]),
        "eval Loss": (V, E, [1, 2, 3], [0.6502, 0.6013, NAN]),
        "eval Acc": (V, E, [1, 2, 3], [0.6250, 0.6875, 0.5000])},
    "era_v4_train_val_dash_lines.log": {  # the VAL line no longer overwrites the TRAIN line's Loss / Acc
        "VAL Loss": (V, E, [1, 2, 3, 4], [5.9321, 5.5839, 5.2395, 5.0507]),
        "VAL Acc": (V, E, [1, 2, 3, 4], [0.0410, 0.0611, 0.0847, 0.1041]),
        "TRAIN Loss": (T, E, [1, 2, 3, 4], [6.4731, 6.0129, 5.7562, 5.5392]),
        "TRAIN Acc": (T, E, [1, 2, 3, 4], [0.0174, 0.0436, 0.0657, 0.0878])},
    "flux_model_zoo_shown_calls.log": {  # 'loss(x, y) = param(0.09)': the call's arguments are no part of the name;
        "loss": (T, E, [1, 2, 3, 4], [0.0913291, 0.0768191, 0.0302687, 0.0236859]),  # no counter: print order
        "accuracy": (T, E, [1, 2, 3, 4], [0.10525, 0.31588333333333335, 0.79975, 0.8389666666666666])},
    "keras_excerpt_last_bar_val_loss_then_nan.log": {  # before the first header 'Epoch 2/30': epoch 1's bar, its
        "loss": (T, E, [1, 2], [356.8575, NAN]),  # val_loss too (epoch 2 dies before printing one)
        "val_loss": (V, E, [1], [237.5635])},
    "caffe_googlenet_head_top1.log": {  # 'loss1/top-1': the first auxiliary head's top-1 accuracy on the test net
        "val_loss1/top1": (V, S, [0], [0.293104]),
        "loss": (T, S, [0, 100, 200, 300], [11.2306, 87.3365, 87.3365, 87.3365])},
    # release 8 (readers11)
    "yolov5_colab_bar_without_glyphs_val_row.log": {  # the 'all' row under each epoch's row is its validation; the
        "box_loss": (T, E, [0, 1, 2, 99], [0.1159, 0.08697, 0.06983, 0.01549]),  # best checkpoint's is no epoch
        "obj_loss": (T, E, [0, 1, 2, 99], [0.02889, 0.02846, 0.02697, 0.008223]),
        "cls_loss": (T, E, [0, 1, 2, 99], [0.04875, 0.04381, 0.03928, 0.003173]),
        "val precision": (V, E, [0, 1, 2, 99], [0.00285, 0.00362, 0.0112, 0.988]),
        "val recall": (V, E, [0, 1, 2, 99], [0.697, 0.981, 0.22, 0.988]),
        "val mAP50": (V, E, [0, 1, 2, 99], [0.0327, 0.0927, 0.0342, 0.995]),
        "val mAP50-95": (V, E, [0, 1, 2, 99], [0.00661, 0.0216, 0.0104, 0.92])},
    "llamafactory_callback_and_trainer_dicts.log": {  # one entry printed twice is one point, the whole print's
        "loss": (T, E, [0.01, 0.02, 0.03, 0.04], [0.0, 0.0, 0.0, 0.0])},
    "hf_model_card_results_single_spaced.log": {  # 'Training Loss Epoch Step Validation Loss Accuracy F1'
        "Training Loss": (T, S, [250, 500], [0.5337, 0.1405]),
        "Validation Loss": (V, S, [250, 500], [0.1992, 0.1448]),
        "Accuracy": (V, S, [250, 500], [0.927, 0.9375]),
        "F1": (V, S, [250, 500], [0.9262, 0.9379])},
    "keras1_fit_phases_after_early_stopping.log": {  # the second fit() numbered on after the first stopped early
        "loss": (T, E, [17, 18, 19, 20, 21], [0.4946, 0.4897, 0.4847, 0.2062, 0.1348]),
        "acc": (T, E, [17, 18, 19, 20, 21], [0.8604, 0.8609, 0.8622, 0.9412, 0.9621]),
        "val_loss": (V, E, [17, 18, 19, 20, 21], [0.4090, 0.3591, 0.2958, 0.1095, 0.1027]),
        "val_acc": (V, E, [17, 18, 19, 20, 21], [0.8841, 0.8987, 0.9164, 0.9716, 0.9719])},
    "litgpt_loss_train_val_na.log": {  # 'val: n/a' is no value and names nothing ('val time' before)
        "loss train": (T, S, [46, 47, 48, 49, 50], [3.724, 3.737, 3.730, 3.728, 3.731])},
    "column_of_bare_numbers.txt": {  # one number a line: the loss, in order
        "loss (printed list)": (T, E, [1, 2, 3, 4, 5, 6], [2.3026, 1.8412, 1.2957, 0.9731, NAN, NAN])},
    "mmdet_log_json_lines_saved_as.log": {  # JSON lines under a text suffix: read as records ('mode': 'val' held out)
        "loss": (T, S, [325, 326], [0.55801, 0.71596]),
        "loss_rpn_cls": (T, S, [325, 326], [0.01966, 0.02751]),
        "loss_rpn_bbox": (T, S, [325, 326], [0.01442, 0.01785]),
        "loss_cls": (T, S, [325, 326], [0.09682, 0.09775]),
        "loss_bbox": (T, S, [325, 326], [0.10037, 0.12766]),
        "loss_mask": (T, S, [325, 326], [0.32674, 0.44519]),
        "acc": (T, S, [325, 326], [0.965332, 0.9663086]),
        "val/bbox_mAP": (V, E, [2], [0.296]),
        "val/bbox_mAP_50": (V, E, [2], [0.66]),
        "val/bbox_mAP_75": (V, E, [2], [0.21]),
        "val/bbox_mAP_s": (V, E, [2], [0.109]),
        "val/bbox_mAP_m": (V, E, [2], [0.243]),
        "val/bbox_mAP_l": (V, E, [2], [0.304]),
        "val/segm_mAP": (V, E, [2], [0.196]),
        "val/segm_mAP_50": (V, E, [2], [0.543]),
        "val/segm_mAP_75": (V, E, [2], [0.114]),
        "val/segm_mAP_s": (V, E, [2], [0.097]),
        "val/segm_mAP_m": (V, E, [2], [0.232]),
        "val/segm_mAP_l": (V, E, [2], [0.206]),
    },
    "detectron2_console_saved_as_train_log.py": {  # named by hand, a '.py' file's lines decide that it is a log
        "total_loss": (T, S, [1959, 1979, 1999], [0.0, 0.0, 0.0])},
    "cs231n_solver_iteration_and_epoch_lines.log": {  # several epochs under one printed iteration: counted by epoch
        "loss": (T, S, [1, 11, 21], [357.428290, 6.726589, 0.800243]),
        "train acc": (T, E, list(range(11)), [0.22, 0.38, 0.52, 0.74, 0.82, 0.86, 0.94, 0.96, 0.96, 0.98, 0.98]),
        "val_acc": (V, E, list(range(11)),
                    [0.111, 0.141, 0.138, 0.130, 0.153, 0.175, 0.163, 0.166, 0.164, 0.162, 0.162])},
}

# readers12: release 8 development and opened corpus logs, verbatim, each naming its public source
SOURCES.update({
    "switchnorm_tqdm_validation_bar_after_epoch_bar.log":
        "https://github.com/switchablenorms/Switchable-Normalization/issues/8 "
        "(the opened corpus log gh-switchnorm-8, whole)",
    "effdet_val_epoch_line_total_loss.log":
        "https://github.com/zylo117/Yet-Another-EfficientDet-Pytorch/issues/328 "
        "(the opened corpus log gh-effdet-pytorch-328, whole)",
    "epoch_counter_never_moves_reprints.log":
        "https://github.com/tensorflow/tensorflow/issues/17855 "
        "(the dev corpus log gh-tf-17855, whole)",
    "zh_train_set_val_set_accuracy_lines.log":
        "https://github.com/nickliqian/cnn_captcha/issues/12 "
        "(the opened corpus log gh-cnn-captcha-12, whole)",
    "deepspeech_epoch_with_decoded_samples.log":
        "https://github.com/mozilla/DeepSpeech/issues/336 "
        "(the opened corpus log gh-mozilla-deepspeech-336, whole)",
    "ranking_valid_recall_at_k.log":
        "https://github.com/healer-666/RankRAG-Jittor/blob/c14cef1cfebab783a2cf67887b5087b011e2ee63/logs/msmarco_medium_torch_train.log "
        "(first 3 lines of the opened corpus log repo-rankrag-msmarco-medium-mlp)",
    "dl4j_score_iteration_listener_nan.log":
        "https://github.com/deeplearning4j/deeplearning4j/issues/1411 "
        "(the dev corpus log gh-dl4j-1411, whole)",
    "gan_net_groups_glued_records.log":
        "https://github.com/bcmi/GracoNet-Object-Placement/issues/4 "
        "(the dev corpus log gh-graconet-4, whole)",
    "stgan_tagged_values_per_network.log":
        "https://github.com/chenhsuanlin/spatial-transformer-GAN/issues/2 "
        "(the dev corpus log gh-st-gan-2, whole)",
    "mindspore_pix2pix_dloss_gloss.log":
        "https://github.com/mindspore-ai/docs/blob/9e844dc65dc5ef4381574e8b6ec2f93f9681f720/tutorials/source_zh_cn/generative/pix2pix.ipynb "
        "(first 3 lines of the dev corpus log nb-mindspore-pix2pix-facades-gan-zh)",
    "mindspore_tqdm_train_then_eval_bar.log":
        "https://github.com/mindspore-ai/docs/blob/9e844dc65dc5ef4381574e8b6ec2f93f9681f720/tutorials/source_zh_cn/nlp/sentiment_analysis.ipynb "
        "(the dev corpus log nb-mindspore-imdb-lstm-sentiment-tqdm-zh, whole)",
})

CASES.update({
    # a line starting 'Validation:': every value on it is held out (its loss was read as the training loss)
    "switchnorm_tqdm_validation_bar_after_epoch_bar.log": {
        "loss": (T, E, [1.0, 2.0, 3.0, 4.0], [6.5377, 5.3173, 4.6169, 4.1465]),
        "top1_avg": (T, E, [1.0, 2.0, 3.0, 4.0], [0.0102, 0.0657, 0.1302, 0.1847]),
        "top1_val": (V, E, [1.0, 2.0, 3.0, 4.0], [0.0347, 0.1021, 0.1582, 0.2144]),
        "top5_avg": (T, E, [1.0, 2.0, 3.0, 4.0], [0.0375, 0.1845, 0.3095, 0.3985]),
        "top5_val": (V, E, [1.0, 2.0, 3.0, 4.0], [0.104, 0.2607, 0.3599, 0.4277]),
        "val loss": (V, E, [1.0, 2.0, 3.0, 4.0], [7.6148, 7.7053, 9.0973, 7.7036]),
        # percent like the training bar's 'top1_avg=1.02' (the same format; 0.54 % on 1000 classes is chance)
        "val top1_avg": (V, E, [1.0, 2.0, 3.0, 4.0], [0.0054, 0.005, 0.0021, 0.009]),
        "val top5_avg": (V, E, [1.0, 2.0, 3.0, 4.0], [0.0226, 0.0198, 0.0111, 0.0323]),
    },
    # 'Val. Epoch: ..' lines are held out, at the step reached ('Classification loss' is named 'loss' by the name rules)
    "effdet_val_epoch_line_total_loss.log": {
        "Cls loss": (T, S, [121505.0, 121967.0, 121999.0, 122429.0], [0.28937, 0.26344, 0.20932, 0.30272]),
        "Reg loss": (T, S, [121505.0, 121967.0, 121999.0, 122429.0], [0.0, 0.0, 0.0, 0.0]),
        "val loss": (V, S, [121505.0, 121967.0], [0.27737, 0.27772]),
        "val Regression loss": (V, S, [121505.0, 121967.0], [0.02864, 0.02876]),
        "val Total loss": (V, S, [121505.0, 121967.0], [0.30601, 0.30648]),
    },
    "epoch_counter_never_moves_reprints.log": {  # 'Epoch: 1/10' printed again and again: each print a point in order
        "Train Loss": (T, S, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
        "Train Acc": (T, S, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.5013, 0.5013, 0.5013, 0.5013, 0.5013, 0.5013]),
        "Validation Loss": (V, S, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
        "Validation Acc": (V, S, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.4949, 0.4949, 0.4949, 0.4949, 0.4949, 0.4949]),
    },
    # '第N次训练' is the iteration, '[训练集]'/'[验证集]' the train/validation set, '准确率为' the accuracy
    "zh_train_set_val_set_accuracy_lines.log": {
        "train acc": (T, S, [10.0, 20.0, 30.0], [0.9674999714, 1.0, 0.9375]),
        "loss": (T, S, [10.0, 20.0, 30.0], [0.013265227, 0.0055448366, 0.0032186059]),
        "Validation acc": (V, S, [10.0, 20.0, 30.0], [0.1700000018, 0.2300000042, 0.1924999952]),
        "Validation loss": (V, S, [10.0, 20.0, 30.0], [0.013265227, 0.0055448366, 0.0032186059]),
    },
    # the 'WER:'/'loss:' of each decoded sample (above its 'source: ".."') are no series
    "deepspeech_epoch_with_decoded_samples.log": {
        "Training loss": (T, E, [19.0], [12.977073401]),
        "avg_cer": (T, E, [19.0], [0.039520074]),
        "WER": (T, E, [19.0], [0.159389]),
        "Validation loss": (V, E, [19.0], [178.301272392]),
        "Validation avg_cer": (V, E, [19.0], [0.21287662]),
        "Validation WER": (V, E, [19.0], [0.512488]),
    },
    # '@k' names; MRR and NDCG are scores
    "ranking_valid_recall_at_k.log": {
        "train_loss": (T, E, [1.0, 2.0], [0.608101, 0.311085]),
        "valid_pairwise_acc": (V, E, [1.0, 2.0], [0.5793, 0.5837]),
        "valid_recall@1": (V, E, [1.0, 2.0], [0.182, 0.204]),
        "valid_recall@3": (V, E, [1.0, 2.0], [0.474, 0.498]),
        "valid_recall@5": (V, E, [1.0, 2.0], [0.724, 0.722]),
        "valid_mrr": (V, E, [1.0, 2.0], [0.4068, 0.4147]),
        "valid_ndcg@5": (V, E, [1.0, 2.0], [0.4557, 0.4610]),
    },
    # 'Score at iteration N is NaN': the score is the loss; the counter goes back to 0 with the loss NaN again: a
    # new run each time (readers17; three runs, the last shown here), the NaN stays
    "dl4j_score_iteration_listener_nan.log": {
        "loss": (T, S, [0.0], [NAN]),
    },
    # '[G - gan1: ..]' groups: each term that network's loss term; '..0.022][Epoch 11/11]' two records
    "gan_net_groups_glued_records.log": {
        "G_gan1_loss": (T, E, [11.9822, 11.9848, 11.9874, 11.9899, 11.9925, 11.9951, 11.9977],
                        [6.83, 6.83, 6.833, 6.835, 6.838, 6.839, 6.84]),
        "G_gan2_loss": (T, E, [11.9822, 11.9848, 11.9874, 11.9899, 11.9925, 11.9951, 11.9977],
                        [6.101, 6.102, 6.104, 6.107, 6.11, 6.114, 6.116]),
        "G_rec_loss": (T, E, [11.9822, 11.9848, 11.9874, 11.9899, 11.9925, 11.9951, 11.9977],
                       [0.151, 0.151, 0.151, 0.151, 0.151, 0.151, 0.151]),
        "G_kld_loss": (T, E, [11.9822, 11.9848, 11.9874, 11.9899, 11.9925, 11.9951, 11.9977],
                       [0.0976, 0.0978, 0.098, 0.0982, 0.0984, 0.0986, 0.0988]),
        "D_real_loss": (T, E, [11.9822, 11.9848, 11.9874, 11.9899, 11.9925, 11.9951, 11.9977],
                        [0.428, 0.428, 0.428, 0.428, 0.428, 0.428, 0.428]),
        "D_fake1_loss": (T, E, [11.9822, 11.9848, 11.9874, 11.9899, 11.9925, 11.9951, 11.9977],
                         [0.016, 0.016, 0.016, 0.016, 0.016, 0.016, 0.016]),
        "D_fake2_loss": (T, E, [11.9822, 11.9848, 11.9874, 11.9899, 11.9925, 11.9951, 11.9977],
                         [0.023, 0.023, 0.023, 0.023, 0.023, 0.022, 0.022]),
    },
    # 'loss=X(GP),-0.0001(D)': a value per network ('X': not run), 'it.670/50000' the iteration
    "stgan_tagged_values_per_network.log": {
        "D_loss": (T, S, [670.0, 680.0, 690.0, 700.0, 710.0, 720.0, 730.0],
                   [-0.0001, -0.0001, -0.0001, -0.0, 0.0001, -0.0, 0.0001]),
    },
    "mindspore_pix2pix_dloss_gloss.log": {  # 'Dloss:'/'Gloss:': the discriminator's and generator's losses
        "D_loss": (T, S, [0.0, 2.0, 4.0], [0.694, 0.6489, 0.5506]),
        "G_loss": (T, S, [0.0, 2.0, 4.0], [38.1245, 39.4826, 36.7634]),
    },
    # the epoch's second tqdm bar (117 batches, after its 273-batch bar finished) is the evaluation
    "mindspore_tqdm_train_then_eval_bar.log": {
        "loss": (T, E, [0.0, 1.0, 2.0, 3.0, 4.0], [0.674, 0.683, 0.623, 0.408, 0.305]),
        "val acc": (V, E, [0.0, 1.0, 2.0, 3.0, 4.0], [0.511, 0.674, 0.799, 0.875, 0.899]),
        "val loss": (V, E, [0.0, 1.0, 2.0, 3.0, 4.0], [0.692, 0.614, 0.458, 0.306, 0.251]),
    },
})

# release 10 (readers13): the opened r9/r10 logs not read whole
_MEAL_EPOCHS = [46 + 1 / 44, 46 + 11 / 44, 46 + 21 / 44, 46 + 31 / 44, 47.0]  # 'Epoch: [46][n/44]', then its summary
SOURCES.update({
    "keras_gan_loss_at_step.log":
        "https://github.com/fchollet/deep-learning-with-python-notebooks/blob/dea84a4e12cc3bb3cb61ce952a0168bca113d315/first_edition/8.5-introduction-to-gans.ipynb "
        "(first 6 lines of the opened corpus log nb-dlwp1-8-5-dcgan-frogs-d-and-adversarial-loss)",
    "wav2letter_report_epoch_without_total.log":
        "https://github.com/flashlight/wav2letter/issues/179 "
        "(the opened corpus log gh-wav2letter-179-ctc-bs16-loss-oscillates-ter-100, whole)",
    "meal_v2_top1_top5_percent.log":
        "https://github.com/szq0214/MEAL-V2/issues/7 "
        "(first 4 and last lines of the opened corpus log gh-meal-v2-7-distill-loss-not-decreasing-top1-zero)",
    "gan_epoch_lines_per_batch.log":
        "https://github.com/udacity/deep-learning-v2-pytorch/blob/c9404fc86181fc3f0906b368697268257f348535/gan-mnist/MNIST_GAN_Solution.ipynb "
        "(first 6 lines of the opened corpus log nb-udacity-mnist-gan-100-epochs-d-g-loss)",
    "t5_batch_loss_split_labelled_bleu.log":
        "https://github.com/1025378573/T5-Finetune/blob/11527e3110f40c374ea3ecab1b4628da6c8348e8/train.log "
        "(first 5 and last 8 lines of the opened corpus log repo-t5-finetune-chinese-qa-20ep)",
    "gluonnlp_validation_metrics_line.log":
        "https://github.com/dmlc/web-data/blob/0818ee5787b3824f1bca2f4bd98ef6abe689f7db/gluonnlp/logs/bert/finetuned_rte.log "
        "(lines 273-285 of the opened corpus log repo-gluonnlp-bert-base-rte-catalog-3ep)",
    "progress_dots_before_epoch.log":
        "https://github.com/vijrao3000/cifar10_cnn_pytorch/blob/c6ab28ca618dcb96c827e4062b39f48f1c30fa12/README.md "
        "(lines 3-6 of the opened corpus log card-cifar10-cnn-pytorch-expected-output-10ep)",
    "split_tag_with_mark.log":
        "https://github.com/yangbisheng2009/nsfw-resnet/issues/1 "
        "(lines 1, 2 and 4 of the opened corpus log gh-nsfw-resnet-1-maintainer-train-log)",
})

CASES.update({
    # '<metric> at step N: x' names the metric, then the step it was measured at
    "keras_gan_loss_at_step.log": {
        "discriminator loss": (T, S, [0.0, 100.0, 200.0], [0.685675, 0.756201, 0.699047]),
        "adversarial loss": (T, S, [0.0, 100.0, 200.0], [0.667591, 0.820905, 0.776581]),
    },
    # 'epoch:1' (no total) on every report line, the first line's 'e' cut off by the paste: each print a point
    "wav2letter_report_epoch_without_total.log": {
        "loss": (T, S, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
                 [91.69394, 89.60210, 78.05183, 28.90485, 13.43071, 16.36989, 31.02535, 20.60933, 25.24020]),
        "train-TER": (T, S, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
                      [132.33, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0]),
        "valid_1000-TER": (V, S, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], [100.0] * 9),
    },
    # 'Top-5 3.12' beside 'Top-1 1.56': a top-k accuracy in percent, divided by 100 like top-1
    "meal_v2_top1_top5_percent.log": {
        "G_Loss": (T, E, _MEAL_EPOCHS, [6.603, 6.586, 6.564, 6.529, 6.560]),
        "D_Loss": (T, E, _MEAL_EPOCHS, [0.347, 0.348, 0.347, 0.347, 0.347]),
        "T_Loss": (T, E, _MEAL_EPOCHS, [0.301, 0.301, 0.301, 0.301, 0.301]),
        "Top-1": (T, E, _MEAL_EPOCHS, [0.0, 0.0, 0.0039, 0.0156, 0.0030]),
        "Top-5": (T, E, _MEAL_EPOCHS, [0.0, 0.0, 0.0312, 0.0312, 0.0128]),
    },
})

CASES.update({
    # 'Epoch [    1/  100] | d_loss: ..' three times an epoch, no batch number: each print a point within its epoch
    "gan_epoch_lines_per_batch.log": {
        "d_loss": (T, E, [1.0, 1 + 1 / 3, 1 + 2 / 3, 2.0, 2 + 1 / 3, 2 + 2 / 3],
                   [1.3830, 0.7668, 1.0908, 1.2982, 1.1753, 1.0874]),
        "g_loss": (T, E, [1.0, 1 + 1 / 3, 1 + 2 / 3, 2.0, 2 + 1 / 3, 2 + 2 / 3],
                   [0.6883, 3.1404, 2.6393, 1.1008, 1.1042, 1.6588]),
    },
    # 'Epoch 1 - Batch loss: ..' on every batch (each a point); 'Validation BLEU: BLEU-1 73.98, ..' and 'Dev BLEU:
    # BLEU-1 65.43, ..': each pair that held-out set's
    "t5_batch_loss_split_labelled_bleu.log": {
        "Batch loss": (T, E, [1.0, 1.25, 1.5, 1.75, 20.0, 20.2, 20.4, 20.6, 20.8],
                       [12.1336, 14.9769, 12.9075, 10.1722, 0.0002, 0.0040, 0.0006, 0.0006, 0.0004]),
        "Average Train Loss": (T, E, [20.0], [0.0038]),
        "Validation BLEU-1": (V, E, [20.0], [73.98]),
        "Validation BLEU-2": (V, E, [20.0], [68.28]),
        "Validation BLEU-3": (V, E, [20.0], [48.80]),
        "Validation BLEU-4": (V, E, [20.0], [33.42]),
        "Dev BLEU-1": (V, E, [20.0], [65.43]),
        "Dev BLEU-2": (V, E, [20.0], [60.65]),
        "Dev BLEU-3": (V, E, [20.0], [45.65]),
        "Dev BLEU-4": (V, E, [20.0], [33.87]),
    },
})

_GLUON_X = [1 + 70 / 82, 1 + 80 / 82] + [2 + b / 82 for b in range(10, 90, 10)]
CASES.update({
    # 'validation metrics:accuracy:0.6570' after the epoch's 'metrics=accuracy:..' batch lines: held out (it was read
    # as the training accuracy, whose batch points it hid)
    "gluonnlp_validation_metrics_line.log": {
        "loss": (T, E, _GLUON_X, [0.6882, 0.6419, 0.5203, 0.4785, 0.4338, 0.4582, 0.4715, 0.4851, 0.4522, 0.4203]),
        "accuracy": (T, E, _GLUON_X, [0.5545, 0.5639, 0.7625, 0.7731, 0.7928, 0.7915, 0.7950, 0.7931, 0.7903, 0.7918]),
        "validation accuracy": (V, E, [1.0, 2.0], [0.6570, 0.6968]),
    },
    # '.............Epoch 0 iterations 12500, average loss 1.70': progress dots before the epoch counter
    "progress_dots_before_epoch.log": {
        "average loss": (T, S, [12500.0, 25000.0, 37500.0, 50000.0],
                         [1.703292917561531, 1.34040947920084, 1.2001064547920226, 1.1020949550199508]),
    },
})

CASES.update({
    # '[Val@] Epoch: 7/90, EpochAcc: ..': the tag names the split though a mark closes it (read as training before)
    "split_tag_with_mark.log": {
        "TRAIN BatchAcc": (T, E, [7 + 300 / 524, 7 + 400 / 524], [0.9453, 0.9453]),
        "TRAIN BatchLoss": (T, E, [7 + 300 / 524, 7 + 400 / 524], [0.1257, 0.1307]),
        "Val EpochAcc": (V, E, [8.0], [0.8916]),
        "Val EpochLoss": (V, E, [8.0], [0.3547]),
    },
})

SOURCES.update({
    "trax_step_split_metric_pipe.log":
        "https://github.com/google/trax/blob/7c189c2c3a37851df7fc641b322a99bbe9f8aa10/README.md "
        "(first 14 lines of the dev corpus log card-trax-readme-imdb-sentiment-2000steps)",
    "ddp_ranks_same_second_summaries.log":
        "https://github.com/Adityak204/era_v3_session9_assignment/blob/4939f03e881df11d42ba56bb924dc5e4f09df984/README.md "
        "(lines 37-85 of the r12 dev corpus log repo-era-v3-s9-adityak-resnet50-imagenet-ddp-stopped-36ep)",
    "caffe_output_name_with_colon_percent.log":
        "https://github.com/kevinlin311tw/Caffe-DeepBinaryCode/issues/27 "
        "(the opened corpus log gh-deepbinarycode-27-cifar10-classification-loss-at-ln10, whole)",
    "lead_it_counter_pipes.log":
        "https://github.com/Shilpaj1994/ERA/blob/df6b68fb4f7591e6d11eeebc4856757ef802274e/Session17/README.md#bert "
        "(first 6 lines of the dev corpus log card-era-s17-bert-shakespeare-mlm-steps)",
    "hf_dicts_after_caret_m_bars.log":
        "https://github.com/h2oai/h2ogpt/pull/86 "
        "(the dev corpus log gh-h2ogpt-86-llama-flash-attn-training-works-fine, whole: carriage returns pasted as '^M')",
    "k2_objf_hard_wrapped_paste.log":
        "https://github.com/k2-fsa/snowfall/pull/62 (the dev corpus log gh-snowfall-62-k2-asg-objf-decreasing, whole)",
})

CASES.update({
    # Trax 'Step  500: eval  WeightedCategoryCrossEntropy |  0.49': split word, name, a pipe, the value (not read)
    "trax_step_split_metric_pipe.log": {
        "train WeightedCategoryCrossEntropy loss": (T, S, [1.0, 500.0, 1000.0], [1.33800304, 0.62914723, 0.42949259]),
        "eval WeightedCategoryCrossEntropy loss": (V, S, [1.0, 500.0, 1000.0], [0.71843582, 0.49253047, 0.35451687]),
        "eval WeightedCategoryAccuracy": (V, S, [1.0, 500.0, 1000.0], [0.565625, 0.740625, 0.8375]),
    },
})

CASES.update({
    # each of 3 DDP ranks logs the epoch's summary in the same second: one point per epoch (the first copy), not 3
    # points spread through the epoch; 'Validation metrics - Loss: x' is the validation loss (it was dropped). The
    # evaluation before the first epoch (loss 52.95, before 'Epoch 0') is not placed: no epoch says where it belongs
    "ddp_ranks_same_second_summaries.log": {
        "Validation Loss": (V, E, [0.0, 1.0, 2.0], [5.6285, 4.9919, 4.1820]),
        "Validation Accuracy": (V, E, [0.0, 1.0, 2.0], [0.045508, 0.095429, 0.179348]),
        "best validation accuracy": (V, E, [0.0, 1.0, 2.0], [0.045508, 0.095322, 0.173575]),
        "Loss": (T, E, [0.0, 1.0, 2.0], [6.3321, 5.3372, 4.7207]),
        "Accuracy": (T, E, [0.0, 1.0, 2.0], [0.017064, 0.068533, 0.126534]),
    },
})

CASES.update({
    # Caffe blobs named 'loss: 50%-fire-rate': the whole name up to ' = ' is the output's (the solver's loss was read
    # as 50, from the name). The first line's output, before any 'Iteration N', has no position: left out
    "caffe_output_name_with_colon_percent.log": {
        "loss": (T, S, [17200.0, 17300.0], [2.21847, 2.17777]),
        "train_net/loss: 50%-fire-rate": (T, S, [17200.0, 17300.0], [0.0034709, 0.00347071]),
        "train_net/loss: classfication-error": (T, S, [17200.0, 17300.0], [2.33997, 2.29926]),
        "train_net/loss: forcing-binary": (T, S, [17200.0, 17300.0], [-0.124965, -0.124964]),
    },
})

CASES.update({
    # 'it: 9800  | loss 5.0  | Δw: 8.258': 'it' leads the line as its iteration counter (read as print order before)
    "lead_it_counter_pipes.log": {
        "loss": (T, S, [9800.0, 9810.0, 9820.0, 9830.0, 9840.0, 9850.0], [5.0, 4.91, 5.0, 5.06, 5.06, 4.92]),
    },
})

CASES.update({
    # tqdm bars and Trainer dicts joined by '^M' (a carriage return as `cat -v` shows it): each dict is at its epoch
    # (read in print order, as epochs 1..5, before)
    "hf_dicts_after_caret_m_bars.log": {
        "loss": (T, E, [0.21, 0.2125, 0.215, 0.2175, 0.22], [1.0692, 1.2193, 1.4059, 1.2362, 1.1192]),
    },
})


# readers16: r12's opened logs (batch 2026-12-07-r12), each fixture a verbatim copy of the log (or its first rows)
SOURCES.update({
    "systemml_paired_name_value_tuples.log":
        "https://github.com/apache/systemds/pull/390 (the opened corpus log gh-systemml-390, whole)",
    "paddleocr_nan_padded_with_x.log":
        "https://github.com/PaddlePaddle/PaddleOCR/issues/11031 (the opened corpus log gh-paddleocr-11031, whole)",
    "casanovo_headerless_columns_in_turn.log":
        "https://github.com/Noble-Lab/casanovo/issues/226 (the opened corpus log gh-casanovo-226-cuda, whole)",
    "keras_unfinished_bar_under_epoch_header.log":
        "https://geeksmental.com/question/why-does-accuracy-remain-the-same (the opened corpus log so-geeksmental, "
        "whole)",
    "yolov10_results_one_to_many_one_to_one.csv":
        "https://github.com/4prince8/Object_Detection_Yolov10/blob/32aac5d/runs/detect/train/results.csv (header and "
        "first 3 rows of the opened corpus log repo-yolov10-rock-paper-scissors)",
})

CASES.update({
    # 'training (loss / accuracy): (8.83 / 6.25%)': one value per name in the paired parentheses
    "systemml_paired_name_value_tuples.log": {
        "training loss": (T, S, [0.0, 100.0, 200.0, 300.0, 400.0],
                          [8.827096885460117, 0.5685950067049192, 0.6828089469784926, 0.522572010060293,
                           0.2612403890585272]),
        "training accuracy": (T, S, [0.0, 100.0, 200.0, 300.0, 400.0],
                              [0.06249999999999999, 0.8125, 0.765625, 0.828125, 0.921875]),
        "validation loss": (V, S, [0.0, 100.0, 200.0, 300.0, 400.0],
                            [8.65259669236358, 0.7620038877556793, 0.6189560082782887, 0.5300691114147623,
                             0.48593935406752115]),
        "validation accuracy": (V, S, [0.0, 100.0, 200.0, 300.0, 400.0],
                                [0.12555555555555555, 0.7355555555555556, 0.7933333333333333, 0.8255555555555556,
                                 0.8377777777777777]),
    },
    # PaddleOCR's '{:x<6f}': 'nanxxx' is nan filled to six characters; 'CTCLoss' is a CTC loss term
    "paddleocr_nan_padded_with_x.log": {
        "acc": (T, S, [737980.0, 737990.0, 738000.0], [0.0, 0.0, 0.0]),
        "CTCLoss": (T, S, [737980.0, 737990.0, 738000.0], [NAN, NAN, NAN]),
        "SARLoss": (T, S, [737980.0, 737990.0, 738000.0], [NAN, NAN, NAN]),
        "loss": (T, S, [737980.0, 737990.0, 738000.0], [NAN, NAN, NAN]),
    },
    # 'step<TAB>train<TAB>valid' without its header: the columns take turns, 'nan' where a column is not logged; the
    # two rows of nan alone fall on the second column's turn (its printed nan at 18088 and 21860)
    "casanovo_headerless_columns_in_turn.log": {
        "loss (first unnamed value)": (T, S, [3772.0, 7544.0, 11316.0, 15088.0, 18860.0],
                                       [0.816537, 0.002186, 0.001238, 0.000802, 0.000464]),
        "loss (second unnamed value)": (T, S, [6772.0, 10544.0, 14316.0, 18088.0, 21860.0],
                                        [6.458146, 8.413699, 8.808524, NAN, NAN]),
    },
    # one epoch's Keras bar that never finishes (the paste stops at 1305/10000): each update a point, epoch + n/N
    "keras_unfinished_bar_under_epoch_header.log": {
        "loss": (T, E, [1.0005, 1.023, 1.0455, 1.0675, 1.089, 1.1095, 1.1305],
                 [6.4472, 7.4283, 7.8642, 7.9277, 7.7693, 7.9045, 7.8306]),
        "acc": (T, E, [1.0005, 1.023, 1.0455, 1.0675, 1.089, 1.1095, 1.1305],
                [0.6, 0.5391, 0.5121, 0.5081, 0.518, 0.5096, 0.5142]),
    },
    # YOLOv10's one-to-many ('_om') and one-to-one ('_oo') head losses; the total is their sum, as v10DetectLoss adds
    "yolov10_results_one_to_many_one_to_one.csv": {
        "train/box_om": (T, E, [1.0, 2.0, 3.0], [1.4151, 1.527, 1.4794]),
        "train/cls_om": (T, E, [1.0, 2.0, 3.0], [2.4813, 2.1288, 1.9873]),
        "train/dfl_om": (T, E, [1.0, 2.0, 3.0], [1.5898, 1.6217, 1.5716]),
        "train/box_oo": (T, E, [1.0, 2.0, 3.0], [1.3941, 1.6025, 1.5512]),
        "train/cls_oo": (T, E, [1.0, 2.0, 3.0], [5.207, 2.3555, 2.2229]),
        "train/dfl_oo": (T, E, [1.0, 2.0, 3.0], [1.5542, 1.619, 1.5668]),
        "train/loss": (T, E, [1.0, 2.0, 3.0], [13.6415, 10.8545, 10.3792]),
        "metrics/precision(B)": (T, E, [1.0, 2.0, 3.0], [0.64904, 0.39031, 0.65507]),
        "metrics/recall(B)": (T, E, [1.0, 2.0, 3.0], [0.14344, 0.48379, 0.49896]),
        "metrics/mAP50(B)": (T, E, [1.0, 2.0, 3.0], [0.16351, 0.44189, 0.57527]),
        "metrics/mAP50-95(B)": (T, E, [1.0, 2.0, 3.0], [0.07372, 0.24197, 0.34624]),
        "val/box_om": (V, E, [1.0, 2.0, 3.0], [2.2704, 1.52, 1.2591]),
        "val/cls_om": (V, E, [1.0, 2.0, 3.0], [3.5462, 3.846, 1.7327]),
        "val/dfl_om": (V, E, [1.0, 2.0, 3.0], [2.5393, 1.6932, 1.4834]),
        "val/box_oo": (V, E, [1.0, 2.0, 3.0], [2.3285, 1.5321, 1.3533]),
        "val/cls_oo": (V, E, [1.0, 2.0, 3.0], [17.652, 3.0197, 1.8483]),
        "val/dfl_oo": (V, E, [1.0, 2.0, 3.0], [2.558, 1.6449, 1.5311]),
        "val/loss": (V, E, [1.0, 2.0, 3.0], [30.8944, 13.2559, 9.2079]),
    },
})


XFAIL: dict[str, tuple[str, dict[str, tuple]]] = {
    # k2's 'global average objf' is read (objf, the objective minimised, is a loss); the paste is hard-wrapped at
    # 150 columns, so each line's 'current batch average objf' is cut across two lines ('averag' / 'e objf: 1.54').
    # Joining needs the wrap width (a cut word or a trimmed space?), a guess from one paste: left out
    "k2_objf_hard_wrapped_paste.log": ("a hard-wrapped paste's cut lines are not joined", {
        "global average objf": (T, E, [0.0, 0.25, 0.5, 0.75], [2.117457, 1.798473, 1.670062, 1.525084]),
        "current batch average objf": (T, E, [0.0, 0.25, 0.5, 0.75], [2.117457, 1.541183, 1.345013, 1.109474]),
    }),
}


# fixtures holding several runs written one after another (readers17): how many; the last is checked here, every
# run in tests/readers/test_text_readers17.py
RUNS_IN_ONE_FILE = {"dl4j_score_iteration_listener_nan.log": 3}


def _read(name: str):
    runs = read(FORMATS / name)
    assert len(runs) == RUNS_IN_ONE_FILE.get(name, 1)
    return runs[-1]


def _check(run, expected: dict[str, tuple], exact: bool) -> None:
    got = {s.key for s in run.series if s.kind in _EVIDENCE}
    if exact:
        assert got == set(expected)
    for key, (split, axis, steps, values) in expected.items():
        s = run.get(key)
        assert s is not None, key
        assert (s.split, s.axis) == (split, axis), key
        np.testing.assert_allclose(s.steps, steps, rtol=0, atol=1e-3, err_msg=key)
        np.testing.assert_allclose(s.values, values, rtol=1e-6, atol=1e-6, equal_nan=True, err_msg=key)


def test_every_fixture_has_a_case_and_a_source() -> None:
    names = {p.name for p in FORMATS.iterdir()}
    assert names == set(CASES) | set(XFAIL)
    assert names == set(SOURCES)
    assert len(names) >= 30


@pytest.mark.parametrize("name", sorted(CASES))
def test_reads_every_value(name: str) -> None:
    _check(_read(name), CASES[name], exact=True)


@pytest.mark.parametrize("name", sorted(XFAIL))
def test_formats_not_read_right_yet(name: str) -> None:
    reason, expected = XFAIL[name]
    try:
        run = _read(name)
        _check(run, expected, exact=False)
    except (AssertionError, Exception):  # a ReadError is as much a miss as a wrong series
        pytest.xfail(reason)
    pytest.fail(f"{name} is read right now: move it to CASES")


def test_nan_is_kept_wherever_a_fixture_prints_it() -> None:
    """Every fixture that prints a NaN loss ('loss: nan', 'loss=nan') gives a loss series holding a NaN."""
    for name in sorted(CASES):
        text = (FORMATS / name).read_text(encoding="utf-8")
        if not re.search(r"(?i)loss\w*['\"]?\s*[:=]?\s*nan\b", text):  # a loss printed as nan
            continue
        run = _read(name)
        assert any(s.kind is Kind.LOSS and np.isnan(s.values).any() for s in run.series), name

SOURCES.update({
    "loguru_piped_bracket_names_epoch_abbr.log":
        "https://github.com/nv-tlabs/LION/issues/9 (the dev corpus log gh-lion-9-hvae-loss-nan, whole: loguru lines "
        "'| E5 iter[ 14/ 15] | [Loss] x | .. | [step]    89 |')",
})

CASES.update({
    # a pipe cell '[Loss] nan' is a bracketed name and its value; 'E5 iter[ 14/ 15]' is epoch 5, batch 14 of 15; the
    # cell '[step]    89' the global step (the run's NaN from epoch 6 on, refused before)
    "loguru_piped_bracket_names_epoch_abbr.log": {
        "Loss": (T, S, [89.0, 104.0, 119.0, 134.0, 149.0, 164.0], [51566519.44, NAN, NAN, NAN, NAN, NAN]),
    },
})
