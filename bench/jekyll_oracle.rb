# Renders every post of a Jekyll site with Debian's Jekyll (the oracle of
# bench/jekyll_diff.py) and writes what it made as JSON: for each post, keyed by its path
# inside the site, the body Jekyll rendered (Liquid, then kramdown; no layout), its URL,
# title, date and categories, or the error that stopped it.
#
#   ruby bench/jekyll_oracle.rb SITE_FOLDER OUTPUT.json
#
# Each post is rendered on its own, so that a post whose Liquid fails (an include the
# corpus does not carry, a plugin's tag) is recorded as failed and the others still render.
require "json"
require "tmpdir"
require "jekyll"

source, output = ARGV
abort "usage: jekyll_oracle.rb SITE OUTPUT.json" unless source && output

config = Jekyll.configuration(
  "source" => File.expand_path(source),
  "destination" => File.join(Dir.tmpdir, "pressroom-jekyll-oracle-unused"),
  "quiet" => true,
  "incremental" => false,
  "future" => true,
  "unpublished" => true,
  "show_drafts" => true,
  # Nothing is written into the site: the corpora may be read-only.
  "disable_disk_cache" => true,
)
Jekyll.logger.log_level = :error

# Jekyll stops the whole build at the first file it cannot read (a date it cannot parse);
# here such a file is recorded and left out, as a post that failed.
$read_errors = {}
module OracleRead
  def read(*args)
    super
  rescue StandardError => e
    $read_errors[relative_path] = "#{e.class}: #{e.message}"[0, 500]
    self.content = nil
  end
end
Jekyll::Document.prepend(OracleRead)

# Jekyll 4.3.1 walks every file of the site with a list lookup for each {% link %}, which
# makes a site of 5,000 posts take an hour; 4.3.2 fixed it with a set. The same walk, in
# the same order, with a set (the output is unchanged).
require "set"
module OracleSiteFiles
  def each_site_file
    seen_files = Set.new
    %w(pages static_files_to_write docs_to_write).each do |type|
      send(type).each do |item|
        next unless seen_files.add?(item)

        yield item
      end
    end
  end
end
Jekyll::Site.prepend(OracleSiteFiles)
site = Jekyll::Site.new(config)
site.reset
site.read
site.generate
payload = site.site_payload
posts = {}
site.posts.docs.each do |doc|
  entry = {
    "url" => doc.url,
    "title" => doc.data["title"].to_s,
    "date" => doc.date.iso8601,
    "categories" => doc.data["categories"],
    "published" => doc.data.fetch("published", true) != false,
    "draft" => doc.respond_to?(:draft?) ? doc.draft? : false,
  }
  begin
    Jekyll::Renderer.new(site, doc, payload).run
    entry["html"] = doc.content
  rescue Exception => e # rubocop:disable Lint/RescueException
    entry["error"] = "#{e.class}: #{e.message}"[0, 500]
  end
  posts[doc.relative_path] = entry
end
$read_errors.each { |path, error| posts[path] ||= { "error" => error } }
File.write(output, JSON.pretty_generate({ "jekyll" => Jekyll::VERSION,
                                          "kramdown" => Kramdown::VERSION,
                                          "posts" => posts }))
