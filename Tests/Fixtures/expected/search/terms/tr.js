handbookSearchLoaded("terms/tr",{"track":[2,12,3,12],"tracks":[2,4,3,3]});
