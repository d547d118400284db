handbookSearchLoaded("terms/_",{"↩":[8,1]});
