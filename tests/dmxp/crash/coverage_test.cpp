// The suite covers every crash point: each name in kCrashPoints has at least one scenario in
// the table below, every scenario names a known point and a test that exists in this
// executable. A point added to crash_point.hpp without a scenario fails here; a point renamed
// or moved fails the scenario itself (its victim never prints the crash line).
#include <set>
#include <string>

#include "crash_harness.hpp"
#include "platform/crash_point.hpp"

namespace dmxp_test::crash {

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> table = {
      {"producer.claim.recorded", "ProducerCrashes.KilledBeforeItsTailCasRepairsNothing"},
      {"producer.claim.recorded", "ReadPathCrashes.StartOldestJoinOnAFullReliableRing"},
      {"producer.claim.recorded", "ReadPathCrashes.BackwardsSeekOnAFullReliableRing"},
      {"producer.claim.recorded", "ProducerCrashes.DeadClaimPastTheTailDoesNotCorruptLaterClaims"},
      {"producer.claim.taken", "ProducerCrashModes.ClaimTakenBatchIsRepairedAndOthersFlow"},
      {"producer.claim.stamped",
       "ProducerCrashModes.StampedBatchWithSeveralRepairersAndAnImmediateRestart"},
      {"producer.claim.stamped", "RecoverySurfaces.TryReceivePollingRecovers"},
      {"producer.claim.stamped", "RecoverySurfaces.MergeRecovers"},
      {"producer.claim.stamped", "RecoverySurfaces.WaitsetWithABusyNeighbourRecovers"},
      {"producer.claim.stamped", "ReadPathCrashes.SeekAcrossRepairedSlotsLandsOnTheFirstKeyAtOrAfter"},
      {"producer.claim.stamped", "RecordCrashes.ReusedPidWithAnotherStartTimeIsDead"},
      {"producer.commit.slot", "BatchCommitCrash.ConsumersSeeAllOfTheBatchOrNone"},
      {"producer.commit.slot",
       "ProducerCrashes.ProducerStoppedMidBatchIsNotRepairedAndCompletesWhenContinued"},
      {"producer.commit.done", "ProducerCrashes.ProducerKilledAfterCommitLosesNothing"},
      {"producer.drop_oldest.head",
       "ProducerCrashes.KeepLastQueueProducerKilledWhileDroppingDoesNotHangTheChannel"},
      {"producer.wait.counted", "SleeperCrashes.ProducerKilledBetweenCountingAndMarkingItsSleep"},
      {"consumer.queue.announced",
       "ConsumerCrashes.QueueConsumerLosingTheHeadRaceThenKilledNeverFreesALiveView"},
      {"consumer.queue.taken", "ConsumerCrashes.NamedQueueConsumerKilledAfterTakingCountsItsLoss"},
      {"consumer.release.slot", "ConsumerCrashes.QueueConsumerKilledMidReleaseLosesNothingElse"},
      {"consumer.release.cursor", "NamedCursorCrash.RestartRedeliversAtMostTheUnreleasedViews"},
      {"consumer.release.cursor", "ConsumerCrashes.StoppedConsumerIsNotReclaimed"},
      {"consumer.wait.counted", "SleeperCrashes.ConsumerKilledBetweenCountingAndMarkingItsSleep"},
      {"consumer.wait.counted", "SleeperCrashes.WaitsetKilledBetweenCountingAndMarkingItsSleep"},
      {"record.claim.owned", "RecordClaimCrash.StoppedNewOwnerIsNotTakenForDead"},
      {"record.claim.owned", "ParkedCursor.TwoProcessesResumeOneParkedCursorAtOnce"},
      {"record.claim.owned", "RecordCrashes.KilledWhileClaimingARecordFreesIt"},
      {"record.park", "RecordCrashes.NamedConsumerKilledWhileParkingResumesExactly"},
      {"repair.producer.taken", "RepairCrashes.RepairerKilledAfterTakingIsFinishedByAnother"},
      {"repair.producer.taken", "RepairCrashes.SlowRepairerDoesNotCleanARecordTakenAgain"},
      {"repair.slot", "RepairSlotCrash.HalfRepairedBatchIsNeverShownInPart"},
      {"repair.producer.cleaned",
       "RepairCrashes.RepairerKilledBeforeFreeingTheRecordIsFinishedByAnother"},
      {"reclaim.consumer.taken", "ReclaimCrashes.ReclaimerKilledAfterTakingIsFinishedByAnother"},
      {"reclaim.consumer.taken", "ReclaimCrashes.SlowReclaimerDoesNotCleanARecordTakenAgain"},
      {"reclaim.consumer.slot",
       "ReclaimCrashes.ReclaimerKilledWhileFreeingQueueSlotsIsFinishedByAnother"},
      {"reclaim.consumer.cleaned", "ReclaimCrashes.ReclaimerKilledBeforeParkingKeepsTheCursor"},
      {"channel.create.sized", "CreationCrashes.CreatorKilledMidCreationIsReportedAndCollected"},
      {"channel.create.sized", "CreationCrashes.GcDoesNotRemoveAChannelBeingCreated"},
  };
  return table;
}

namespace {

// "Modes/Suite" + "Name/Param" -> "Suite.Name".
std::string base_name(const ::testing::TestInfo& t) {
  std::string suite = t.test_suite_name(), name = t.name();
  if (size_t slash = suite.find('/'); slash != std::string::npos) suite = suite.substr(slash + 1);
  if (size_t slash = name.find('/'); slash != std::string::npos) name = name.substr(0, slash);
  return suite + "." + name;
}

std::set<std::string> registered_tests() {
  std::set<std::string> out;
  const ::testing::UnitTest& unit = *::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit.total_test_suite_count(); ++i) {
    const ::testing::TestSuite& suite = *unit.GetTestSuite(i);
    for (int j = 0; j < suite.total_test_count(); ++j) out.insert(base_name(*suite.GetTestInfo(j)));
  }
  return out;
}

TEST(CrashPointCoverage, EveryCrashPointHasAScenario) {
  std::set<std::string> covered;
  for (const Scenario& s : scenarios()) covered.insert(s.point);
  for (const char* point : dmxp::detail::kCrashPoints)
    EXPECT_TRUE(covered.count(point)) << "no scenario stops or kills a victim at " << point;
}

TEST(CrashPointCoverage, EveryScenarioNamesAKnownPointAndAnExistingTest) {
  std::set<std::string> known(std::begin(dmxp::detail::kCrashPoints),
                              std::end(dmxp::detail::kCrashPoints));
  std::set<std::string> tests = registered_tests();
  for (const Scenario& s : scenarios()) {
    EXPECT_TRUE(known.count(s.point)) << s.point << " is not in kCrashPoints";
    EXPECT_TRUE(tests.count(s.test)) << "scenario test " << s.test << " (for " << s.point
                                     << ") does not exist";
  }
}

}  // namespace
}  // namespace dmxp_test::crash
