//! The model itself, with candle and tokenizers (feature `semantic`).
//!
//! Texts are tokenized in parallel, sorted by token length and cut into
//! batches, so that a batch pads little; each batch is one forward pass on
//! the CPU, whose matrix products use every core (a pool of one thread a
//! core, apart from claimtrack's global pool, which has more threads than
//! cores for reading files). Pooling and normalisation are done here, in
//! f64, from the model's f32 token vectors.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use candle_core::safetensors::BufferedSafetensors;
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config as BertConfig};
use rayon::prelude::*;
use tokenizers::{Encoding, Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy};

use super::{
    Batching, CONFIG_FILE, EmbedOptions, ModelError, ModelFiles, TOKENIZER_FILE, Threads,
    WEIGHTS_FILE,
};

/// Vectors by batch: (batch index, the batch's vectors).
type Embedded = Vec<(usize, Vec<Vec<f32>>)>;

pub struct Engine {
    dir: PathBuf,
    bert: BertModel,
    tokenizer: Tokenizer,
    dimension: usize,
    /// One thread a core, for tokenizing and for forward passes that use
    /// every core; `None` if it could not be made (then rayon's global
    /// pool is used).
    pool: Option<rayon::ThreadPool>,
    /// One pool of one thread a core, for forward passes that run on one
    /// core each ([`Threads::PerBatch`]).
    lanes: Vec<rayon::ThreadPool>,
}

/// The message of a caught panic.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

impl Engine {
    /// Builds the model from the files read; a panic inside candle or
    /// tokenizers becomes an error naming the folder.
    pub fn load(dir: &Path, files: ModelFiles) -> Result<Engine, ModelError> {
        match catch_unwind(AssertUnwindSafe(|| Engine::load_unguarded(dir, files))) {
            Ok(result) => result,
            Err(payload) => Err(ModelError::Invalid {
                path: dir.to_path_buf(),
                reason: format!("loading it failed: {}", panic_message(&*payload)),
            }),
        }
    }

    fn load_unguarded(dir: &Path, files: ModelFiles) -> Result<Engine, ModelError> {
        let ModelFiles {
            config,
            config_bytes,
            tokenizer,
            weights,
        } = files;
        let invalid = |name: &str, reason: String| ModelError::Invalid {
            path: dir.join(name),
            reason,
        };
        let bert_config: BertConfig = serde_json::from_slice(&config_bytes)
            .map_err(|e| invalid(CONFIG_FILE, format!("not a BERT config: {e}")))?;

        let mut tokenizer = Tokenizer::from_bytes(&tokenizer)
            .map_err(|e| invalid(TOKENIZER_FILE, format!("not a tokenizer: {e}")))?;
        // tokenizer.json may pad and truncate (all-MiniLM-L6-v2's pads to
        // 128); sentence-transformers truncates at max_seq_length and pads
        // to the batch, as is done here.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                direction: TruncationDirection::Right,
                max_length: config.max_tokens(),
                strategy: TruncationStrategy::LongestFirst,
                stride: 0,
            }))
            .map_err(|e| invalid(TOKENIZER_FILE, format!("cannot truncate: {e}")))?;
        let vocab = tokenizer.get_vocab_size(true);
        if vocab > config.vocab_size {
            return Err(invalid(
                TOKENIZER_FILE,
                format!(
                    "has {vocab} tokens, more than config.json's vocab_size {}",
                    config.vocab_size
                ),
            ));
        }

        let weights = BufferedSafetensors::new(weights)
            .map_err(|e| invalid(WEIGHTS_FILE, format!("is truncated or corrupt: {e}")))?;
        let layers = weights
            .tensors()
            .iter()
            .filter_map(|(name, _)| {
                let rest = name.split("encoder.layer.").nth(1)?;
                rest.split('.').next()?.parse::<usize>().ok()
            })
            .max()
            .map_or(0, |i| i + 1);
        if layers != config.num_hidden_layers {
            return Err(invalid(
                WEIGHTS_FILE,
                format!(
                    "holds {layers} layers where config.json says num_hidden_layers is {}",
                    config.num_hidden_layers
                ),
            ));
        }
        let vb = VarBuilder::from_backend(Box::new(weights), DType::F32, Device::Cpu);
        let bert = BertModel::load(vb, &bert_config).map_err(|e| {
            invalid(
                WEIGHTS_FILE,
                format!("does not match config.json: {}", first_line(&e.to_string())),
            )
        })?;
        let threads = std::thread::available_parallelism().map_or(2, usize::from);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("claimtrack-embed-{i}"))
            .build()
            .ok();
        let lanes = (0..threads)
            .map_while(|i| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .thread_name(move |_| format!("claimtrack-embed-lane-{i}"))
                    .build()
                    .ok()
            })
            .collect();
        Ok(Engine {
            dir: dir.to_path_buf(),
            bert,
            tokenizer,
            dimension: config.hidden_size,
            pool,
            lanes,
        })
    }

    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// Unit vectors of `texts`, in their order.
    pub fn embed(
        &self,
        texts: &[&str],
        options: EmbedOptions,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<Vec<Vec<f32>>, ModelError> {
        let run = || match &self.pool {
            Some(pool) => pool.install(|| self.embed_unguarded(texts, options, progress)),
            None => self.embed_unguarded(texts, options, progress),
        };
        match catch_unwind(AssertUnwindSafe(run)) {
            Ok(result) => result.map_err(|reason| ModelError::Embedding {
                dir: self.dir.clone(),
                reason,
            }),
            Err(payload) => Err(ModelError::Embedding {
                dir: self.dir.clone(),
                reason: panic_message(&*payload),
            }),
        }
    }

    fn embed_unguarded(
        &self,
        texts: &[&str],
        options: EmbedOptions,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<Vec<Vec<f32>>, String> {
        let encodings: Vec<Encoding> = texts
            .par_iter()
            .map(|&text| self.tokenizer.encode_fast(text, true))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("tokenizing failed: {e}"))?;
        let lengths: Vec<usize> = encodings.iter().map(Encoding::len).collect();
        let batches = batches(&lengths, options);
        let mut out = vec![Vec::new(); texts.len()];
        let mut place = |batch: &[usize], vectors: Vec<Vec<f32>>| {
            for (&i, vector) in batch.iter().zip(vectors) {
                out[i] = vector;
            }
        };
        match options.threads {
            Threads::PerBatch if self.lanes.len() > 1 => {
                for (i, vectors) in self.run_in_lanes(&encodings, &batches, progress)? {
                    place(&batches[i], vectors);
                }
            }
            _ => {
                let mut done = 0;
                for batch in &batches {
                    let encodings: Vec<&Encoding> = batch.iter().map(|&i| &encodings[i]).collect();
                    let vectors = self
                        .forward(&encodings)
                        .map_err(|e| first_line(&e.to_string()))?;
                    place(batch, vectors);
                    done += batch.len();
                    progress(done);
                }
            }
        }
        Ok(out)
    }

    /// Runs the batches on every lane at once, each lane taking the next
    /// batch when it is done with one; gives (batch index, its vectors).
    fn run_in_lanes(
        &self,
        encodings: &[Encoding],
        batches: &[Vec<usize>],
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<Embedded, String> {
        let next = AtomicUsize::new(0);
        let done = Mutex::new(0usize);
        let lane = |pool: &rayon::ThreadPool| -> Result<Embedded, String> {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(batch) = batches.get(i) else {
                    return Ok(mine);
                };
                let batch_encodings: Vec<&Encoding> =
                    batch.iter().map(|&t| &encodings[t]).collect();
                let vectors = pool
                    .install(|| self.forward(&batch_encodings))
                    .map_err(|e| {
                        // Stop the other lanes too.
                        next.store(batches.len(), Ordering::Relaxed);
                        first_line(&e.to_string())
                    })?;
                mine.push((i, vectors));
                let mut done = done.lock().unwrap_or_else(PoisonError::into_inner);
                *done += batch.len();
                progress(*done);
            }
        };
        let results: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = self
                .lanes
                .iter()
                .map(|pool| scope.spawn(|| lane(pool)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|payload| std::panic::resume_unwind(payload))
                })
                .collect()
        });
        let mut all = Vec::with_capacity(batches.len());
        for result in results {
            all.extend(result?);
        }
        Ok(all)
    }

    /// One batch through the model: mean of the token vectors over the
    /// attention mask, scaled to unit length.
    fn forward(&self, encodings: &[&Encoding]) -> candle_core::Result<Vec<Vec<f32>>> {
        let rows = encodings.len();
        let len = encodings.iter().map(|e| e.len()).max().unwrap_or(0).max(1);
        let mut ids = vec![0u32; rows * len];
        let mut type_ids = vec![0u32; rows * len];
        let mut mask = vec![0u32; rows * len];
        for (row, encoding) in encodings.iter().enumerate() {
            let at = row * len;
            let n = encoding.len();
            ids[at..at + n].copy_from_slice(encoding.get_ids());
            type_ids[at..at + n].copy_from_slice(encoding.get_type_ids());
            mask[at..at + n].copy_from_slice(encoding.get_attention_mask());
        }
        let device = Device::Cpu;
        let ids = Tensor::from_vec(ids, (rows, len), &device)?;
        let type_ids = Tensor::from_vec(type_ids, (rows, len), &device)?;
        let mask_tensor = Tensor::from_vec(mask.clone(), (rows, len), &device)?;
        let tokens = self.bert.forward(&ids, &type_ids, Some(&mask_tensor))?;
        let tokens = tokens.to_dtype(DType::F32)?.to_vec3::<f32>()?;
        Ok(tokens
            .iter()
            .enumerate()
            .map(|(row, tokens)| pool(tokens, &mask[row * len..(row + 1) * len], self.dimension))
            .collect())
    }
}

/// The texts of each forward pass, by index, given the texts' token
/// lengths.
fn batches(lengths: &[usize], options: EmbedOptions) -> Vec<Vec<usize>> {
    let size = options.batch_size.max(1);
    let mut order: Vec<usize> = (0..lengths.len()).collect();
    match options.batching {
        Batching::InOrder => order.chunks(size).map(<[usize]>::to_vec).collect(),
        Batching::Sorted => {
            order.sort_by_key(|&i| lengths[i]);
            order.chunks(size).map(<[usize]>::to_vec).collect()
        }
        Batching::SameLength => {
            order.sort_by_key(|&i| lengths[i]);
            order
                .chunk_by(|&a, &b| lengths[a] == lengths[b])
                .flat_map(|group| group.chunks(size))
                .map(<[usize]>::to_vec)
                .collect()
        }
    }
}

/// The mean of the tokens whose mask is set, scaled to unit length (as
/// sentence-transformers: the norm floored at 1e-12, a count at 1e-9).
fn pool(tokens: &[Vec<f32>], mask: &[u32], dimension: usize) -> Vec<f32> {
    let mut sum = vec![0f64; dimension];
    let mut count = 0f64;
    for (token, &m) in tokens.iter().zip(mask) {
        if m != 0 {
            count += 1.0;
            for (s, &x) in sum.iter_mut().zip(token) {
                *s += f64::from(x);
            }
        }
    }
    let count = count.max(1e-9);
    let mean: Vec<f64> = sum.iter().map(|s| s / count).collect();
    let norm = mean.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-12);
    mean.iter().map(|x| (x / norm) as f32).collect()
}

/// candle's errors may carry a backtrace after the message.
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_cover_every_text_once() {
        let lengths = [5, 3, 5, 9, 3, 5, 5];
        let plan = |batching, batch_size| {
            batches(
                &lengths,
                EmbedOptions {
                    batch_size,
                    batching,
                    ..EmbedOptions::default()
                },
            )
        };
        assert_eq!(
            plan(Batching::SameLength, 2),
            [vec![1, 4], vec![0, 2], vec![5, 6], vec![3]]
        );
        assert_eq!(
            plan(Batching::Sorted, 3),
            [vec![1, 4, 0], vec![2, 5, 6], vec![3]]
        );
        assert_eq!(
            plan(Batching::InOrder, 4),
            [vec![0, 1, 2, 3], vec![4, 5, 6]]
        );
        assert_eq!(plan(Batching::SameLength, 0).len(), 7);
    }
}
