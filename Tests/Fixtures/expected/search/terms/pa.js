handbookSearchLoaded("terms/pa",{"page":[14,54],"pair":[25,4],"part":[2,1],"path":[2,50],"paths":[1,50]});
