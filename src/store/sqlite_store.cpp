#include "store/sqlite_store.hpp"

#include "intake/common/logging.hpp"

#include <spdlog/spdlog.h>

#include "store/database_file.hpp"
#include "store/write_failure.hpp"

namespace intake::store {
namespace {

// While idle, the writer checks at most this often that it could still write.
constexpr std::chrono::seconds kProbeInterval{1};

void answer(AppendCallback& done, AppendOutcome outcome) {
  try {
    done(std::move(outcome));
  } catch (const std::exception& error) {
    log_event(spdlog::level::err, "store_callback_failed", {{"error", error.what()}});
  }
}

void complete(RunCommand& command, const std::string& error) {
  if (!command.done) return;
  try {
    command.done(error);
  } catch (const std::exception& e) {
    log_event(spdlog::level::err, "store_callback_failed", {{"error", e.what()}});
  }
}

}  // namespace

SqliteStore::SqliteStore(StoreOptions options)
    : options_(std::move(options)),
      quarantine_limits_{options_.quarantine_max_entries, options_.quarantine_max_bytes},
      writer_db_(open_writer()),
      reader_(options_.path, options_.busy_timeout_ms) {
  writer_ = std::thread([this] { run_writer(); });
}

SqliteStore::~SqliteStore() { close(); }

std::unique_ptr<Connection> SqliteStore::open_writer() {
  auto db = open_writer_connection(options_);
  checkpointer_.attach(*db);
  return db;
}

void SqliteStore::append(IncomingMessage message, AppendCallback done) {
  WriteCommand command = PendingAppend{std::move(message), std::move(done)};
  if (!queue_.push(std::move(command))) {
    answer(std::get<PendingAppend>(command).done,
           {.stored = false, .id = {}, .duplicate = false, .error = "store is closed"});
  }
}

void SqliteStore::quarantine(QuarantinedBody body) { queue_.push(std::move(body)); }

bool SqliteStore::writable() { return writable_.load(std::memory_order_relaxed); }

std::optional<StoredMessage> SqliteStore::find_message(std::string_view id) {
  return reader_.find_message(id);
}

std::vector<StoredMessage> SqliteStore::list_messages(const MessageQuery& query) {
  return reader_.list_messages(query);
}

std::vector<QuarantinedBody> SqliteStore::list_quarantine(std::size_t limit) {
  return reader_.list_quarantine(limit);
}

std::int64_t SqliteStore::count_messages() { return reader_.count_messages(); }

StoreStats SqliteStore::stats() {
  return {.commits = commits_.load(),
          .messages_stored = messages_stored_.load(),
          .duplicates = duplicates_.load(),
          .failed_batches = failed_batches_.load()};
}

void SqliteStore::close() {
  std::lock_guard lock(close_mutex_);
  if (closed_) return;
  closed_ = true;
  queue_.close();  // the writer drains what is queued, then exits
  if (writer_.joinable()) writer_.join();
  reader_.close();
  writable_.store(false, std::memory_order_relaxed);  // a closed store accepts no more writes
}

void SqliteStore::run_writer() {
  std::vector<WriteCommand> batch;
  batch.reserve(options_.max_batch);
  auto last_activity = std::chrono::steady_clock::now();
  while (queue_.take(batch, options_.max_batch, kProbeInterval)) {
    const auto now = std::chrono::steady_clock::now();
    if (!batch.empty()) {
      write(batch);
      last_activity = now;
    } else if (now - last_activity >= kProbeInterval) {
      probe_writable();
      if (writer_db_ && writable_.load(std::memory_order_relaxed)) {
        checkpointer_.when_idle(*writer_db_, options_.busy_timeout_ms);
      }
      last_activity = now;
    }
  }
  finish_writer();
}

Connection& SqliteStore::writer_connection() {
  // A deleted or replaced file would swallow writes that nobody can read again: start afresh.
  if (writer_db_ && writer_db_->file_has_moved()) {
    log_event(spdlog::level::warn, "store_reopened",
              {{"path", options_.path}, {"reason", "the database file was moved or deleted"}});
    writer_db_.reset();
  }
  if (!writer_db_) writer_db_ = open_writer();
  return *writer_db_;
}

void SqliteStore::write(std::vector<WriteCommand>& batch) {
  bool failed = true;
  std::string failure;
  try {
    const BatchCounts counts =
        write_batch(writer_connection(), batch, quarantine_limits_, outcomes_);
    commits_.fetch_add(1, std::memory_order_relaxed);
    messages_stored_.fetch_add(counts.stored, std::memory_order_relaxed);
    duplicates_.fetch_add(counts.duplicates, std::memory_order_relaxed);
    writable_.store(true, std::memory_order_relaxed);
    failed = false;
  } catch (const SqliteError& error) {
    failure = describe_write_failure(error, options_.busy_timeout_ms);
    if (needs_reopen(error)) writer_db_.reset();
  } catch (const std::exception& error) {  // re-opening failed
    failure = error.what();
    writer_db_.reset();
  }
  if (failed) {
    writable_.store(false, std::memory_order_relaxed);
    failed_batches_.fetch_add(1, std::memory_order_relaxed);
    log_event(spdlog::level::warn, "store_write_failed",
              {{"messages", batch.size()}, {"error", failure}});
    outcomes_.assign(batch.size(),
                     {.stored = false, .id = {}, .duplicate = false, .error = failure});
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (auto* pending = std::get_if<PendingAppend>(&batch[i])) {
      if (failed) outcomes_[i].id = pending->message.id;
      answer(pending->done, std::move(outcomes_[i]));
    } else if (auto* command = std::get_if<RunCommand>(&batch[i])) {
      complete(*command, failed ? failure : outcomes_[i].error);
    }
  }
  // Answered first: a checkpoint the writer has to run itself never delays this batch's acks.
  if (!failed && writer_db_) checkpointer_.after_batch(*writer_db_);
}

// BEGIN IMMEDIATE takes the same write lock a batch would; ROLLBACK gives it back at once.
void SqliteStore::probe_writable() {
  try {
    Connection& db = writer_connection();
    db.cached("BEGIN IMMEDIATE").run();
    db.cached("ROLLBACK").run();
    writable_.store(true, std::memory_order_relaxed);
  } catch (const SqliteError& error) {
    if (needs_reopen(error)) writer_db_.reset();
    writable_.store(false, std::memory_order_relaxed);
  } catch (const std::exception&) {
    writer_db_.reset();
    writable_.store(false, std::memory_order_relaxed);
  }
}

void SqliteStore::finish_writer() {
  if (!writer_db_) return;
  try {
    // Folds the WAL back into the database file and empties it, so the file stands alone.
    writer_db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const SqliteError& error) {
    log_event(spdlog::level::warn, "store_checkpoint_failed",
              {{"path", options_.path}, {"error", error.what()}});
  }
  writer_db_.reset();
}

}  // namespace intake::store

namespace intake {

std::unique_ptr<Store> open_sqlite_store(const StoreOptions& options) {
  return std::make_unique<store::SqliteStore>(options);
}

}  // namespace intake
