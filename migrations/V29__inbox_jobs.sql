-- The inbox also holds jobs that are not slash commands (a kudos form finished after its ack, an event that removes a
-- workspace). Their rows have no long_job: an instance of the version before claims by long_job true or false only,
-- and would take a job for a command it has no handler for and drop it; it never sees these. The instances of this
-- version claim them apart and run each on the lane its kind was registered with.
ALTER TABLE command_inbox ALTER COLUMN long_job DROP NOT NULL;
